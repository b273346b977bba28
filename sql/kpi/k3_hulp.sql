-- K3 Hulp gestart binnen 3 maanden.
-- One row per measure of the selection whose deadline (startdatum + $k3_maanden
-- months; the month's last day when that month is shorter) falls in [$van, $tot].
-- Event: the earliest hulp.gestart_op of the measure on or before the
-- peildatum (help already running before the start counts).
-- Measures listed in geen_hulp_nodig are left out.
with selectie as (
    select *
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where startdatum <= $peildatum
      and maatregel_id not in (select maatregel_id from geen_hulp_nodig where maatregel_id is not null)
),

-- Deadline and first help per measure come from termijnen_k3 (sql/termijn/k3.sql, stored
-- at import); the help counts only when started on or before P.
termijnen as (
    select
        s.*,
        f.deadline,
        case when f.hulp_op <= $peildatum then f.hulp_op end as hulp_op
    from selectie s
    join termijnen_k3 f using (maatregel_id)
    where f.deadline between $van and $tot
),

beoordeeld as (
    select
        t.*,
        termijn_status(t.hulp_op, t.deadline, $peildatum) as status,
        termijn_vervalt(t.einddatum, t.deadline, t.hulp_op) as vervalt
    from termijnen t
)

select
    b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
    b.gemeente_code, b.gemeente_naam, b.startdatum, b.einddatum,
    b.deadline,
    b.hulp_op as gebeurtenis_op,
    b.status,
    (b.hulp_op - b.startdatum)::integer as dagen_tot_hulp,
    ($peildatum - b.deadline)::integer as dagen_na_deadline,
    w.medewerker_id
from beoordeeld b
left join vaste_medewerker($peildatum) w using (maatregel_id)
where not b.vervalt
order by b.deadline, b.maatregel_id
