-- Datakwaliteit: the values that may hold personal data, for kpi/data/persoonsgegevens.py to judge
-- (kpi.metrics.datakwaliteit marks the findings in polars: one definition with the import). One row per
-- value of a measure in the selection, dated on or before $peildatum (the whole history, also of
-- ended measures): the free text hulpvorm of every help request, and the ids that could be a
-- BSN at all, i.e. consist of digits, spaces, dots and hyphens only (maatregel_id, jeugdige_id,
-- hulp_id, contact_id, and the medewerker_id of contacts and assignments). datum = the date of
-- the row (start of the measure, request, contact, assignment).
-- Choices: docs/datakwaliteit.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
    where startdatum <= $peildatum
),

-- (a table with two id columns gives a row per column: unnest of {kolom, waarde} pairs)
waarden as (
    select m.maatregel_id, m.startdatum as datum, 'maatregelen' as tabel,
           unnest([{kolom: 'maatregel_id', waarde: m.maatregel_id},
                   {kolom: 'jeugdige_id', waarde: m.jeugdige_id}], recursive := true)
    from selectie m
    union all
    select h.maatregel_id, h.aangevraagd_op, 'hulp', 'hulp_id', h.hulp_id
    from hulp h
    where h.aangevraagd_op <= $peildatum
    union all
    select c.maatregel_id, c.datum, 'contacten',
           unnest([{kolom: 'contact_id', waarde: c.contact_id},
                   {kolom: 'medewerker_id', waarde: c.medewerker_id}], recursive := true)
    from contacten c
    where c.datum <= $peildatum
    union all
    select t.maatregel_id, t.van, 'toewijzingen', 'medewerker_id', t.medewerker_id
    from toewijzingen t
    where t.van <= $peildatum
),

kandidaten as (
    select *, false as vrije_tekst
    from waarden
    where regexp_full_match(waarde, '[0-9 .-]+')
    union all
    select h.maatregel_id, h.aangevraagd_op, 'hulp', 'hulpvorm', h.hulpvorm, true
    from hulp h
    where h.aangevraagd_op <= $peildatum
)

select
    k.datum,
    m.maatregel_id, m.jeugdige_id, m.soort, m.cluster_id, m.cluster_naam, m.team_id, m.team_naam,
    w.medewerker_id,
    k.tabel,
    k.kolom,
    k.waarde,
    k.vrije_tekst
from kandidaten k
join selectie m using (maatregel_id)
left join vaste_medewerker($peildatum) w using (maatregel_id)
order by k.datum, m.maatregel_id, k.tabel, k.kolom
