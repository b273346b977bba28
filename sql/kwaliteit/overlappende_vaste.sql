-- Datakwaliteit: two fixed workers at the same time. One row per measure running at each
-- peildatum with at least one running rol = vast assignment (van <= P, tot empty or after
-- P, as in K4 and K6); bevinding = two or more of them run at P (also twice the same
-- worker). Adjoining periods (tot of one = van of the next) do not overlap.
-- overlap_sinds = the second-earliest van: since then at least two run together.
-- Choices: docs/datakwaliteit.md.
with lopend as (
    select *
    from lopend_op($peildata::date[], $cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
),

vast_op_p as (
    select
        l.peildatum,
        l.maatregel_id,
        count(*)::integer as aantal_vast,
        min(t.medewerker_id) as medewerker_id,
        string_agg(t.medewerker_id, ', ' order by t.van, t.medewerker_id) as medewerkers,
        list_sort(list(t.van))[2] as overlap_sinds
    from lopend l
    join toewijzingen t
      on t.maatregel_id = l.maatregel_id
     and t.rol = 'vast'
     and t.van <= l.peildatum
     and (t.tot is null or t.tot > l.peildatum)
    group by l.peildatum, l.maatregel_id
)

select
    l.peildatum,
    l.maatregel_id, l.jeugdige_id, l.soort, l.cluster_id, l.cluster_naam, l.team_id, l.team_naam,
    l.startdatum,
    v.medewerker_id,
    v.aantal_vast >= 2 as bevinding,
    v.aantal_vast,
    v.medewerkers,
    case when v.aantal_vast >= 2 then v.overlap_sinds end as overlap_sinds
from lopend l
join vast_op_p v using (peildatum, maatregel_id)
order by l.peildatum, l.cluster_id, l.team_id, l.maatregel_id
