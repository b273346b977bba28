-- K4 capacity gap (board figure) at each peildatum in $peildata, for the jb side.
--   fte_in_dienst: FTE of employed jeugdzorgwerkers in jb teams of the selection
--   jeugdigen_met_vaste_jzw: distinct young people in the caseloads of those workers
--   jeugdigen_zonder_vaste_jzw: distinct young people with a running OTS, VOTS or
--     voogdij measure of the selection and no running fixed worker on any measure
--   fte_nodig = (met + zonder) / caseload_norm;  gat = fte_nodig - fte_in_dienst
-- The rows behind met and zonder depend on no filter (int_caseload.sql); they are read through
-- series_vaste_zaken / series_zonder_vaste (stored for a file's month ends, kpi/data/build.py).
with peildata as (
    select unnest($peildata::date[]) as peildatum
),

werkers as (
    select p.peildatum, w.medewerker_id, w.fte
    from peildata p
    join selectie_medewerkers($selectie) w
      on w.in_dienst <= p.peildatum and (w.uit_dienst is null or w.uit_dienst > p.peildatum)
    where w.functie = 'jeugdzorgwerker' and w.team_soort = 'jb'
),

met_vaste as (
    select distinct v.peildatum, v.jeugdige_id
    from series_vaste_zaken($peildata::date[]) v
    join werkers w using (peildatum, medewerker_id)
),

zonder_vaste as (
    select distinct z.peildatum, z.jeugdige_id
    from series_zonder_vaste($peildata::date[]) z
    semi join selectie_maatregelen($selectie) m
      using (maatregel_id)
),

fte as (
    select peildatum, sum(fte) as fte_in_dienst
    from werkers
    group by peildatum
),

met as (
    select peildatum, count(*)::integer as aantal
    from met_vaste
    group by peildatum
),

zonder as (
    select peildatum, count(*)::integer as aantal
    from zonder_vaste
    group by peildatum
),

tellingen as (
    select
        p.peildatum,
        coalesce(f.fte_in_dienst, 0) as fte_in_dienst,
        coalesce(m.aantal, 0) as jeugdigen_met_vaste_jzw,
        coalesce(z.aantal, 0) as jeugdigen_zonder_vaste_jzw
    from peildata p
    left join fte f using (peildatum)
    left join met m using (peildatum)
    left join zonder z using (peildatum)
)

select
    *,
    (jeugdigen_met_vaste_jzw + jeugdigen_zonder_vaste_jzw) / normen().caseload_norm as fte_nodig,
    fte_nodig - fte_in_dienst as capaciteitsgat
from tellingen
order by peildatum
