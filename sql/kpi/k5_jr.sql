-- K5 JR: the case rows at each peildatum of $peildata (int_kind_alleen_jr).
select * from int_kind_alleen_jr($selectie, $peildata::date[])
order by peildatum, cluster_id, team_id, maatregel_id
