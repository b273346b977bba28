-- K6 Vaste jeugdzorgwerker, monitorlijst and colour queue: the case rows at each peildatum of
-- $peildata (int_vaste_jzw).
select * from int_vaste_jzw($selectie, $peildata::date[])
