-- K5 Kind-alleen-contact: the case rows at each peildatum of $peildata (int_kind_alleen).
select * from int_kind_alleen($selectie, $peildata::date[])
order by peildatum, cluster_id, team_id, maatregel_id
