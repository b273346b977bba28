-- Datakwaliteit: a plan van aanpak dated before the start of its measure. One row per
-- plan (version) with vastgesteld_op in [$van, $tot] of a measure in the selection that
-- started on or before $peildatum; bevinding = vastgesteld_op < startdatum (a plan on the
-- start date itself is fine). K2 ignores such a plan (its event is the first plan on or
-- after the start). datum = vastgesteld_op: the trend counts by the month of the plan.
-- Choices: docs/datakwaliteit.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
    where startdatum <= $peildatum
),

plannen_in_venster as (
    select p.maatregel_id, p.vastgesteld_op
    from plannen p
    where p.vastgesteld_op between $van and $tot
      and p.maatregel_id in (select maatregel_id from selectie)
)

select
    p.vastgesteld_op as datum,
    m.maatregel_id, m.jeugdige_id, m.soort, m.cluster_id, m.cluster_naam, m.team_id, m.team_naam,
    w.medewerker_id,
    p.vastgesteld_op < m.startdatum as bevinding,
    p.vastgesteld_op,
    m.startdatum,
    (m.startdatum - p.vastgesteld_op)::integer as dagen_voor_start
from plannen_in_venster p
join selectie m using (maatregel_id)
left join vaste_medewerker($peildatum) w using (maatregel_id)
