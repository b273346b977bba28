-- Datakwaliteit: an assignment to someone who is not employed. One row per assignment
-- (any rol) running at each peildatum (van <= P, tot empty or after P) of a measure
-- running at P; bevinding = the worker is not employed at P: in_dienst after P, or
-- uit_dienst on or before P (K4: employed = in_dienst <= P and uit_dienst empty or after P).
-- An assignment that starts on the in_dienst date is fine. A municipal scope never sees workers
-- (zichtbare_medewerkers).
-- Choices: docs/datakwaliteit.md.
with lopend as (
    select *
    from lopend_op($selectie, $peildata::date[])
),

werkers as (
    select medewerker_id, in_dienst, uit_dienst, team_naam as medewerker_team
    from zichtbare_medewerkers($selectie)
),

toewijzing_op_p as (
    select
        l.*,
        t.medewerker_id,
        t.rol,
        t.van as toegewezen_van,
        t.tot as toegewezen_tot
    from lopend l
    join toewijzingen t
      on t.maatregel_id = l.maatregel_id
     and t.van <= l.peildatum
     and (t.tot is null or t.tot > l.peildatum)
)

select
    t.peildatum,
    t.maatregel_id, t.jeugdige_id, t.soort, t.cluster_id, t.cluster_naam, t.team_id, t.team_naam,
    t.medewerker_id,
    t.rol,
    t.toegewezen_van,
    t.toegewezen_tot,
    w.in_dienst,
    w.uit_dienst,
    w.medewerker_team,
    not (w.in_dienst <= t.peildatum and (w.uit_dienst is null or w.uit_dienst > t.peildatum)) as bevinding
from toewijzing_op_p t
join werkers w using (medewerker_id)
