-- K6 Vaste jeugdzorgwerker, monitorlijst and colour queue: the case rows at each peildatum of
-- $peildata (int_vaste_jzw).
select * from int_vaste_jzw($selectie, $peildata::date[])
order by peildatum, cluster_id, plaats nulls last, maatregel_id
