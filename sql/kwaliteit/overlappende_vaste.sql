-- Datakwaliteit: two fixed workers at the same time. One row per measure running at each
-- peildatum with at least one running rol = vast assignment (van <= P, tot empty or after
-- P, as in K4 and K6: toewijzing_op); bevinding = two or more of them run at P (also twice the same
-- worker). Adjoining periods (tot of one = van of the next) do not overlap.
-- overlap_sinds = the second-earliest van: since then at least two run together.
-- Choices: docs/datakwaliteit.md.
with lopend as (
    select * from lopend_op($selectie, $peildata::date[])
)

select
    l.peildatum,
    l.maatregel_id, l.jeugdige_id, l.soort, l.cluster_id, l.cluster_naam, l.team_id, l.team_naam,
    l.startdatum,
    v.vaste_medewerker_id as medewerker_id,
    v.aantal_vast >= 2 as bevinding,
    v.aantal_vast,
    v.vaste_medewerkers as medewerkers,
    case when v.aantal_vast >= 2 then v.tweede_vast_van end as overlap_sinds
from lopend l
join toewijzing_op('lopend') v using (peildatum, maatregel_id)
where v.aantal_vast >= 1
