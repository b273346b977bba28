-- Datakwaliteit: contacts dated after the end of their measure. One row per contact dated
-- in [$van, $tot] after the einddatum of its measure (a closing contact on the einddatum
-- itself is fine, as K1-K3 count events on or before the einddatum). Only the findings:
-- a share of all contacts would say nothing, so bevinding is always true here.
-- Choices: docs/datakwaliteit.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
    where einddatum is not null
),

na_einde as (
    select c.*, m.einddatum
    from contacten c
    join selectie m using (maatregel_id)
    where c.datum between $van and $tot
      and c.datum > m.einddatum
)

select
    c.datum,
    m.maatregel_id, m.jeugdige_id, m.soort, m.cluster_id, m.cluster_naam, m.team_id, m.team_naam,
    c.medewerker_id,
    true as bevinding,
    c.contact_id,
    c.vorm,
    c.einddatum,
    (c.datum - c.einddatum)::integer as dagen_na_einde
from na_einde c
join selectie m using (maatregel_id)
