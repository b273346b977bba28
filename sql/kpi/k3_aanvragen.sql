-- K3 beside the KPI: every help request of the selection made on or before the
-- peildatum, with its state at P and its waiting time at the provider.
--   status: 'gestart' (gestart_op <= P), 'afgewezen', or 'open' (neither).
--   wachtdagen: gestart_op - aangevraagd_op for started requests.
--   leeftijd_dagen: P - aangevraagd_op for open requests.
-- The export has no date of refusal: a refused request counts as refused at P.
-- $gestart_vanaf (NULL = no bound): requests started before this date are left out (a page
-- that shows the waiting time of one period needs only those started in it; open and
-- refused requests are always there).
with selectie as (
    select *
    from selectie_maatregelen($selectie)
    where startdatum <= $peildatum
),

aanvragen as (
    select
        h.hulp_id, h.hulpvorm, h.aangevraagd_op,
        case when h.gestart_op <= $peildatum then h.gestart_op end as gestart_op,
        coalesce(h.afgewezen, false) as afgewezen,
        s.maatregel_id, s.jeugdige_id, s.soort, s.cluster_id, s.cluster_naam, s.team_id, s.team_naam,
        s.gemeente_code, s.gemeente_naam, s.startdatum, s.einddatum,
        (s.einddatum is null or s.einddatum > $peildatum) as maatregel_lopend
    from hulp h
    join selectie s using (maatregel_id)
    where h.aangevraagd_op <= $peildatum
      and ($gestart_vanaf is null or h.gestart_op is null or h.gestart_op > $peildatum
           or h.gestart_op >= $gestart_vanaf)
)

select
    a.*,
    case
        when a.gestart_op is not null then 'gestart'
        when a.afgewezen then 'afgewezen'
        else 'open'
    end as status,
    (a.gestart_op - a.aangevraagd_op)::integer as wachtdagen,
    case when a.gestart_op is null and not a.afgewezen
         then ($peildatum - a.aangevraagd_op)::integer end as leeftijd_dagen
from aanvragen a
order by aangevraagd_op, hulp_id
