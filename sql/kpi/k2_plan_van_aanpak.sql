-- K2 Plan van aanpak binnen 6 weken.
-- One row per measure of the selection whose deadline (startdatum + $k2_dagen)
-- falls in [$van, $tot]. Event: the earliest plan set on or after startdatum
-- and on or before the peildatum.
with selectie as (
    select *
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where startdatum <= $peildatum
),

termijnen as (
    select s.*, s.startdatum + $k2_dagen::integer as deadline
    from selectie s
    where s.startdatum + $k2_dagen::integer between $van and $tot
),

eerste_plan as (
    select p.maatregel_id, min(p.vastgesteld_op) as plan_op
    from plannen p
    join termijnen t using (maatregel_id)
    where p.vastgesteld_op >= t.startdatum
      and p.vastgesteld_op <= $peildatum
    group by p.maatregel_id
),

beoordeeld as (
    select
        t.*,
        e.plan_op,
        termijn_status(e.plan_op, t.deadline, $peildatum) as status,
        termijn_vervalt(t.einddatum, t.deadline, e.plan_op) as vervalt
    from termijnen t
    left join eerste_plan e using (maatregel_id)
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
