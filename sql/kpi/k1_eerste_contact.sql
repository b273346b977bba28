-- K1 Eerste contact binnen 5 werkdagen (Besluit Jeugdwet art. 4.2.1-4.2.3).
-- One row per measure of the selection whose legal deadline falls in [$van, $tot].
-- Deadline: the $k1_werkdagen-th working day after kennisgeving_op (else startdatum).
-- Event: the first face-to-face contact with the young person or a parent,
-- dated on or after startdatum and on or before the peildatum.
-- Status 'open' (deadline after P, no event yet) is not part of the KPI.
with selectie as (
    select *
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where startdatum <= $peildatum
),

termijnen as (
    select
        s.*,
        coalesce(s.kennisgeving_op, s.startdatum) as basisdatum,
        kb.werkdag_nr as basis_nr,
        d.datum as deadline,
        di.datum as deadline_10
    from selectie s
    join kalender kb on kb.datum = coalesce(s.kennisgeving_op, s.startdatum)
    join kalender d on d.werkdag and d.werkdag_nr = kb.werkdag_nr + $k1_werkdagen
    join kalender di on di.werkdag and di.werkdag_nr = kb.werkdag_nr + $k1_werkdagen_intern
    where d.datum between $van and $tot
),

contact_tot_p as (
    select c.maatregel_id, c.datum, c.vorm, c.met_jeugdige, c.met_ouders
    from contacten c
    join termijnen t using (maatregel_id)
    where c.datum >= t.startdatum
      and c.datum <= $peildatum
      and (c.met_jeugdige or c.met_ouders)
),

eerste_contact as (
    select
        maatregel_id,
        min(datum) filter (where vorm = 'face_to_face') as contact_op,
        min(datum) filter (where vorm <> 'overleg') as contact_incl_afstand_op
    from contact_tot_p
    group by maatregel_id
),

-- Internal deviating term: first colour code oranje/groen and on the
-- monitorlijst within $k1_monitorlijst_werkdagen working days of the start.
eerste_kleur as (
    select v.maatregel_id, arg_min(v.kleurcode, v.datum) as kleurcode
    from veiligheidsinschattingen v
    join termijnen t using (maatregel_id)
    where v.datum <= $peildatum
    group by v.maatregel_id
),

vroeg_op_lijst as (
    select distinct m.maatregel_id
    from monitorlijst m
    join termijnen t using (maatregel_id)
    join kalender ks on ks.datum = t.startdatum
    join kalender kl on kl.datum = m.op_lijst
    where m.op_lijst <= $peildatum
      and m.op_lijst >= t.startdatum
      and kl.werkdag_nr + (not kl.werkdag)::integer - ks.werkdag_nr <= $k1_monitorlijst_werkdagen
),

beoordeeld as (
    select
        t.*,
        e.contact_op,
        e.contact_incl_afstand_op,
        ek.kleurcode as eerste_kleurcode,
        (ek.kleurcode in ('oranje', 'groen') and v.maatregel_id is not null) as interne_termijn,
        termijn_status(e.contact_op, t.deadline, $peildatum) as status,
        termijn_status(e.contact_incl_afstand_op, t.deadline, $peildatum) as status_incl_afstand,
        case
            when e.contact_op is null then null
            else greatest(0, kc.werkdag_nr + (not kc.werkdag)::integer - t.basis_nr)
        end as werkdagen_tot_contact,
        termijn_vervalt(t.einddatum, t.deadline, e.contact_op) as vervalt
    from termijnen t
    left join eerste_contact e using (maatregel_id)
    left join kalender kc on kc.datum = e.contact_op
    left join eerste_kleur ek using (maatregel_id)
    left join vroeg_op_lijst v using (maatregel_id)
)

select
    b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
    b.gemeente_code, b.gemeente_naam, b.startdatum, b.einddatum, b.kennisgeving_op, b.basisdatum,
    b.deadline,
    b.contact_op as gebeurtenis_op,
    b.status,
    b.contact_incl_afstand_op,
    b.status_incl_afstand,
    b.werkdagen_tot_contact,
    case
        when b.contact_op is null then 'geen'
        when b.werkdagen_tot_contact <= $k1_werkdagen then '0-5'
        when b.werkdagen_tot_contact <= $k1_werkdagen_intern then '6-10'
        else '>10'
    end as bucket,
    b.eerste_kleurcode,
    coalesce(b.interne_termijn, false) as interne_termijn,
    case when b.interne_termijn then b.deadline_10 else b.deadline end as deadline_intern,
    termijn_status(b.contact_op, case when b.interne_termijn then b.deadline_10 else b.deadline end,
                   $peildatum) as status_intern,
    ($peildatum - b.deadline)::integer as dagen_na_deadline,
    w.medewerker_id
from beoordeeld b
left join vaste_medewerker($peildatum) w using (maatregel_id)
where not b.vervalt
order by b.deadline, b.maatregel_id
