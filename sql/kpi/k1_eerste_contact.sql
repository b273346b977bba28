-- K1 Eerste contact binnen 5 werkdagen (Besluit Jeugdwet art. 4.2.1-4.2.3): the case rows.
-- One row per measure of the selection whose legal deadline falls in [$van, $tot]: termijn_op over
-- the facts int_termijn_k1 (deadline: the k1_werkdagen-th working day after kennisgeving_op, else
-- startdatum; event: the first face-to-face contact with the young person or a parent, on or after
-- startdatum and on or before P). Status 'open' (deadline after P, no event yet) is not in the KPI.
-- Beside the legal line: the line with phone and video, the internal deviating term (first colour
-- code oranje/groen and on the monitorlijst within k1_monitorlijst_binnen_werkdagen working days of the
-- start: k1_werkdagen_intern working days) and the working days until the contact in buckets.
with termijn as (
    select
        * replace (
            case when contact_incl_afstand_op <= $peildatum then contact_incl_afstand_op end
                as contact_incl_afstand_op,
            case when gebeurtenis_op is not null then werkdagen_tot_contact end as werkdagen_tot_contact,
            case when eerste_kleur_op <= $peildatum then eerste_kleurcode end as eerste_kleurcode),
        coalesce(vroeg_op_lijst_op <= $peildatum, false) as vroeg_op_lijst
    from termijn_op('int_termijn_k1', $selectie, $peildatum, $van, $tot)
),

intern as (
    select
        *,
        coalesce(eerste_kleurcode in ('oranje', 'groen') and vroeg_op_lijst, false) as interne_termijn,
        case when interne_termijn then deadline_10 else deadline end as deadline_intern
    from termijn
)

select
    t.maatregel_id, t.jeugdige_id, t.soort, t.cluster_id, t.cluster_naam, t.team_id, t.team_naam,
    t.gemeente_code, t.gemeente_naam, t.startdatum, t.einddatum, t.kennisgeving_op, t.basisdatum,
    t.deadline,
    t.gebeurtenis_op,
    t.status,
    t.contact_incl_afstand_op,
    termijn_status(t.contact_incl_afstand_op, t.deadline, $peildatum) as status_incl_afstand,
    t.werkdagen_tot_contact,
    case
        when t.gebeurtenis_op is null then 'geen'
        when t.werkdagen_tot_contact <= normen().k1_werkdagen then '0-5'
        when t.werkdagen_tot_contact <= normen().k1_werkdagen_intern then '6-10'
        else '>10'
    end as bucket,
    t.eerste_kleurcode,
    t.interne_termijn,
    t.deadline_intern,
    termijn_status(t.gebeurtenis_op, t.deadline_intern, $peildatum) as status_intern,
    ($peildatum - t.deadline)::integer as dagen_na_deadline,
    w.medewerker_id
from intern t
left join vaste_medewerker($peildatum) w using (maatregel_id)
order by deadline, maatregel_id
