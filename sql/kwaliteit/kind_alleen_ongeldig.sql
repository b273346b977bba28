-- Datakwaliteit: contacts registered as "kind alleen" (child seen alone) that K5 does not
-- validate. One row per kind-alleen contact dated in [$van, $tot] of a measure in the
-- selection; bevinding = someone else was present (andere_aanwezigen), the form was not
-- face to face (telefonisch, video, overleg), or the young person was not there
-- (met_jeugdige false). The rule is the complement of K5's validation
-- (sql/kpi/k5_kind_alleen.sql, kind_alleen_contacten); andere_aanwezigen empty = not true.
-- Every soort counts here: a wrong registration is wrong for JR and VOTS too.
-- Choices: docs/datakwaliteit.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
),

kind_alleen as (
    select c.*
    from contacten c
    where c.kind_alleen
      and c.datum between $van and $tot
      and c.maatregel_id in (select maatregel_id from selectie)
),

beoordeeld as (
    select
        k.*,
        coalesce(k.andere_aanwezigen, false) as met_anderen,
        k.vorm <> 'face_to_face' as niet_face_to_face,
        not k.met_jeugdige as zonder_jeugdige
    from kind_alleen k
)

select
    b.datum,
    m.maatregel_id, m.jeugdige_id, m.soort, m.cluster_id, m.cluster_naam, m.team_id, m.team_naam,
    b.contact_id,
    b.medewerker_id,
    coalesce(b.door, 'jeugdzorgwerker') as door,
    b.vorm,
    b.met_jeugdige,
    b.andere_aanwezigen,
    b.met_anderen or b.niet_face_to_face or b.zonder_jeugdige as bevinding,
    concat_ws(', ',
        case when b.met_anderen then 'anderen aanwezig' end,
        case when b.niet_face_to_face then replace(b.vorm, '_', '-') end,
        case when b.zonder_jeugdige then 'zonder jeugdige' end) as reden
from beoordeeld b
join selectie m using (maatregel_id)
