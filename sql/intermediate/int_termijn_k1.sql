-- K1 deadline facts: per measure, what does not depend on the peildatum (termijn_op in
-- int_termijn.sql and sql/kpi/k1_eerste_contact.sql evaluate them at P). Materialised when a
-- file is built (kpi/data/build.py), so a 36-month trend counts stored rows.
--   deadline      the k1_werkdagen-th working day after kennisgeving_op (else startdatum)
--   gebeurtenis_op  the event: the first face-to-face contact with the young person or a parent,
--                 on or after startdatum (whatever its date relative to any peildatum)
--   deadline_10   the same deadline with k1_werkdagen_intern working days (internal deviating term)
--   contact_incl_afstand_op  the first such contact of any form except 'overleg'
--   werkdagen_tot_contact    working days from basisdatum to gebeurtenis_op
--   eerste_kleur_op / eerste_kleurcode  the first safety assessment (any date)
--   vroeg_op_lijst_op  the first monitorlijst entry on or after startdatum within
--                 k1_monitorlijst_binnen_werkdagen working days of the start
-- "The first event on or before P" is then: the first event, when it is on or before P.
with basis as (
    select
        m.maatregel_id,
        m.startdatum,
        coalesce(m.kennisgeving_op, m.startdatum) as basisdatum,
        kb.werkdag_nr as basis_nr,
        d.datum as deadline,
        di.datum as deadline_10
    from maatregelen m
    join kalender kb on kb.datum = coalesce(m.kennisgeving_op, m.startdatum)
    join kalender d on d.werkdag and d.werkdag_nr = kb.werkdag_nr + normen().k1_werkdagen
    join kalender di on di.werkdag and di.werkdag_nr = kb.werkdag_nr + normen().k1_werkdagen_intern
),

eerste_contact as (
    select
        c.maatregel_id,
        min(c.datum) filter (where c.vorm = 'face_to_face') as contact_op,
        min(c.datum) filter (where c.vorm <> 'overleg') as contact_incl_afstand_op
    from contacten c
    join basis b using (maatregel_id)
    where c.datum >= b.startdatum
      and (c.met_jeugdige or c.met_ouders)
    group by c.maatregel_id
),

eerste_kleur as (
    select maatregel_id, min(datum) as eerste_kleur_op, arg_min(kleurcode, datum) as eerste_kleurcode
    from veiligheidsinschattingen
    group by maatregel_id
),

vroeg_op_lijst as (
    select m.maatregel_id, min(m.op_lijst) as vroeg_op_lijst_op
    from monitorlijst m
    join basis b using (maatregel_id)
    join kalender ks on ks.datum = b.startdatum
    join kalender kl on kl.datum = m.op_lijst
    where m.op_lijst >= b.startdatum
      and kl.werkdag_nr + (not kl.werkdag)::integer - ks.werkdag_nr <= normen().k1_monitorlijst_binnen_werkdagen
    group by m.maatregel_id
)

select
    b.maatregel_id,
    b.deadline,
    e.contact_op as gebeurtenis_op,
    b.basisdatum,
    b.basis_nr,
    b.deadline_10,
    e.contact_incl_afstand_op,
    case
        when e.contact_op is null then null
        else greatest(0, kc.werkdag_nr + (not kc.werkdag)::integer - b.basis_nr)
    end as werkdagen_tot_contact,
    k.eerste_kleur_op,
    k.eerste_kleurcode,
    v.vroeg_op_lijst_op
from basis b
left join eerste_contact e using (maatregel_id)
left join kalender kc on kc.datum = e.contact_op
left join eerste_kleur k using (maatregel_id)
left join vroeg_op_lijst v using (maatregel_id)
