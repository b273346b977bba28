-- Complaints with the team they are about and that team's cluster (../shared/spec/klachten.md,
-- "Selection": team_id, else the measure's team), the measure's kind, municipality and end, and
-- whether the measure had no fixed worker on the day the complaint came in (NULL without a measure:
-- no running toewijzing with rol = vast on ontvangen_op). Read through selectie_klachten
-- (int_selectie.sql), never directly by a query. The measure is read from the contract table (its
-- own columns are all it needs), the fixed workers as one join rather than a subquery per complaint.
with met_vaste as (
    select distinct k.klacht_id
    from klachten k
    join toewijzingen w on w.maatregel_id = k.maatregel_id
    where w.rol = 'vast' and w.van <= k.ontvangen_op and (w.tot is null or w.tot > k.ontvangen_op)
)
select
    k.klacht_id, k.ontvangen_op, k.kanaal, k.indiener, k.ondersteuning, k.bemiddelaar, k.wisseling_gevraagd,
    k.maatregel_id, m.jeugdige_id, k.maatregel_id is not null as met_maatregel,
    m.soort, m.gemeente_code, m.einddatum as maatregel_einddatum,
    t.cluster_id, c.naam as cluster_naam, t.team_id, t.naam as team_naam,
    k.klachtgesprek_op, k.verslag_op, k.commissie_ontvangen_op, k.hoorzitting_op, k.uitspraak_op,
    k.reactie_bestuur_op, k.afgesloten_op, k.afloop,
    case when k.maatregel_id is not null then v.klacht_id is null end as zonder_vaste_jzw
from klachten k
left join maatregelen m on m.maatregel_id = k.maatregel_id
left join met_vaste v on v.klacht_id = k.klacht_id
join teams t on t.team_id = coalesce(k.team_id, m.team_id)
join clusters c on c.cluster_id = t.cluster_id
