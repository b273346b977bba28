-- Datakwaliteit: help that started before it was requested. One row per help request with
-- aangevraagd_op in [$van, $tot] of a measure in the selection; bevinding = gestart_op <
-- aangevraagd_op (starting on the day of the request is fine). Such a request has a
-- negative waiting time in K3. datum = aangevraagd_op: the contradiction exists from the
-- request on, and the trend counts by the month of the request.
-- Choices: docs/datakwaliteit.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
),

aanvragen as (
    select h.*
    from hulp h
    where h.aangevraagd_op between $van and $tot
      and h.maatregel_id in (select maatregel_id from selectie)
)

select
    h.aangevraagd_op as datum,
    m.maatregel_id, m.jeugdige_id, m.soort, m.cluster_id, m.cluster_naam, m.team_id, m.team_naam,
    w.medewerker_id,
    coalesce(h.gestart_op < h.aangevraagd_op, false) as bevinding,
    h.hulp_id,
    h.hulpvorm,
    h.aangevraagd_op,
    h.gestart_op,
    (h.aangevraagd_op - h.gestart_op)::integer as dagen_eerder_gestart
from aanvragen h
join selectie m using (maatregel_id)
left join vaste_medewerker($peildatum) w using (maatregel_id)
