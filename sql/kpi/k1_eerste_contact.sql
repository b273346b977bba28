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

-- The facts that do not depend on P (deadlines, first contacts, first colour code, early
-- monitorlijst entry) come per measure from termijnen_k1 (sql/termijn/k1.sql, stored at
-- import); here they are evaluated at P: an event counts only when dated on or before P.
termijnen as (
    select
        s.*,
        f.basisdatum,
        f.basis_nr,
        f.deadline,
        f.deadline_10,
        case when f.contact_op <= $peildatum then f.contact_op end as contact_op,
        case when f.contact_incl_afstand_op <= $peildatum then f.contact_incl_afstand_op end
            as contact_incl_afstand_op,
        case when f.contact_op <= $peildatum then f.werkdagen_tot_contact end as werkdagen_tot_contact,
        case when f.eerste_kleur_op <= $peildatum then f.eerste_kleurcode end as eerste_kleurcode,
        coalesce(f.vroeg_op_lijst_op <= $peildatum, false) as vroeg_op_lijst
    from selectie s
    join termijnen_k1 f using (maatregel_id)
    where f.deadline between $van and $tot
),

-- Internal deviating term: first colour code oranje/groen and on the
-- monitorlijst within $k1_monitorlijst_werkdagen working days of the start.
beoordeeld as (
    select
        t.*,
        (t.eerste_kleurcode in ('oranje', 'groen') and t.vroeg_op_lijst) as interne_termijn,
        termijn_status(t.contact_op, t.deadline, $peildatum) as status,
        termijn_status(t.contact_incl_afstand_op, t.deadline, $peildatum) as status_incl_afstand,
        termijn_vervalt(t.einddatum, t.deadline, t.contact_op) as vervalt
    from termijnen t
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
