-- Datakwaliteit: two fixed workers at the same time. One row per measure running at each
-- peildatum with at least one running rol = vast assignment (van <= P, tot empty or after
-- P, as in K4 and K6: toewijzing_op); bevinding = two or more of them run at P (also twice the same
-- worker). Adjoining periods (tot of one = van of the next) do not overlap.
-- overlap_sinds = the second-earliest van: since then at least two run together.
-- Choices: docs/datakwaliteit.md.
select
    peildatum,
    maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
    startdatum,
    vaste_medewerker_id as medewerker_id,
    aantal_vast >= 2 as bevinding,
    aantal_vast,
    vaste_medewerkers as medewerkers,
    case when aantal_vast >= 2 then tweede_vast_van end as overlap_sinds
from toewijzing_op($selectie, $peildata::date[])
where aantal_vast >= 1
