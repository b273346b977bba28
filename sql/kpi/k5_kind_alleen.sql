-- K5 Kind-alleen-contact: the case rows at each peildatum of $peildata (int_kind_alleen), with the
-- worker to address: the fixed worker at P (lowest id when several), else the in-/throughflow worker.
with rijen as (
    select * from int_kind_alleen($selectie, $peildata::date[])
)

select * from met_medewerker('rijen')
order by peildatum, cluster_id, team_id, maatregel_id
