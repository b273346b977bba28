-- K2 Plan van aanpak binnen 6 weken.
-- One row per measure of the selection whose deadline (startdatum + $k2_dagen)
-- falls in [$van, $tot]. Event: the earliest plan set on or after startdatum
-- and on or before the peildatum.
with selectie as (
    select *
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where startdatum <= $peildatum
),

-- Deadline and first plan per measure come from termijnen_k2 (sql/termijn/k2.sql, stored
-- at import); the plan counts only when set on or before P.
termijnen as (
    select
        s.*,
        f.deadline,
        case when f.plan_op <= $peildatum then f.plan_op end as plan_op
    from selectie s
    join termijnen_k2 f using (maatregel_id)
    where f.deadline between $van and $tot
),

beoordeeld as (
    select
        t.*,
        termijn_status(t.plan_op, t.deadline, $peildatum) as status,
        termijn_vervalt(t.einddatum, t.deadline, t.plan_op) as vervalt
    from termijnen t
)

select
    b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
    b.gemeente_code, b.gemeente_naam, b.startdatum, b.einddatum,
    b.deadline,
    b.plan_op as gebeurtenis_op,
    b.status,
    (b.plan_op - b.startdatum)::integer as dagen_tot_plan,
    ($peildatum - b.deadline)::integer as dagen_na_deadline,
    w.medewerker_id
from beoordeeld b
left join vaste_medewerker($peildatum) w using (maatregel_id)
where not b.vervalt
order by b.deadline, b.maatregel_id
