-- Werklijst (work list), the at-peildatum KPIs (K5-K7) and the complaints (K8): every measure (or
-- complaint) of the selection that needs action at peildatum P, one row per reason, read from the
-- same intermediate macros as the KPIs (docs/werklijst.md). The deadline KPIs' actions come from termijn_zaken, one query per deadline KPI
-- of the registry (kpi/metrics/werklijst.py), which also adds the days and the urgency. Parameters:
-- $selectie, $peildatum, $tot (the binnenkort_werkdagen-th working day after P: "due soon" ends
-- there) and $peildata (every day from a month before P up to the day after $tot: K5 evaluated
-- on each).
--   deadline   the last day on which the action is still on time (NULL: overdue since an unknown day)
-- Reasons:
--   k5, k5_jr       not meeting the norm at P: deadline the last day before P it did (NULL: not in the
--                   month before P); or meeting it at P but not at a day d <= $tot when no contact is
--                   registered after P (the KPI evaluated at d): deadline d - 1
--   k6_werkwijze    running measure without any way of working (werkwijze 'geen', K6's alarm group)
--   k6_triage       no colour code and the triage term (triage_uiterlijk) before P (triage_te_laat),
--                   or on or before $tot
--   k7_contact      K7 contact rule: last contact + k7_contact_dagen (never: overdue)
--   k7_casuistiek   K7 case conference: the last day casuistiek_ok holds without a new conference
--   k8              a complaint open at P (klachten_op, int_klacht.sql, the rows K8 counts) with a term
--                   of its route without its step: status 'verlopen' (the deadline on or before P), or
--                   'open' with the deadline on or before $tot; one row per such term. The complaint
--                   selection rule and the user's complaint level apply (selectie_klachten: without
--                   case level the measure and young-person ids are NULL, and so is the worker)
-- K5 and K5 JR at every day of $peildata (a month before P .. the day after $tot): the days a measure does
-- not meet the norm. A day without a failing row (met, or not in the KPI) is a day that was fine.
with kind_alleen as (
    select
        'k5' as reden, *,
        greatest(vereist - gevalideerd, coalesce(vereist_jzw - gevalideerd_jzw, 0)) as nodig
    from int_kind_alleen($selectie, $peildata::date[])
    where not voldoet_gevalideerd
    union all by name
    select 'k5_jr' as reden, *, 1 as nodig
    from int_kind_alleen_jr($selectie, $peildata::date[])
    where not voldoet
),

scan as (
    select unnest($peildata::date[]) as dag
),

-- Below the norm at P: since the day after the last fine day of the scan (NULL: the whole scan).
-- Fine at P: the first day after P it is not, when no contact is registered after P.
kind_alleen_eerst as (
    select
        k.reden, k.maatregel_id,
        bool_or(k.peildatum = $peildatum) as nu_onder,
        min(k.peildatum) filter (where k.peildatum > $peildatum) as eerste_onder
    from kind_alleen k
    where k.peildatum >= $peildatum
    group by k.reden, k.maatregel_id
),

kind_alleen_sinds as (
    select
        e.reden, e.maatregel_id,
        case
            when e.nu_onder then (
                select max(s.dag) from scan s
                where s.dag < $peildatum
                  and not exists (select 1 from kind_alleen k
                                  where k.reden = e.reden and k.maatregel_id = e.maatregel_id
                                    and k.peildatum = s.dag))
            else (e.eerste_onder - 1)::date
        end as deadline,
        case when e.nu_onder then $peildatum::date else e.eerste_onder end as op
    from kind_alleen_eerst e
    where e.nu_onder or e.eerste_onder - 1 <= $tot
),

kind_alleen_actie as (
    select
        k.reden, k.maatregel_id, k.jeugdige_id, k.soort, k.cluster_id, k.cluster_naam, k.team_id, k.team_naam,
        k.medewerker_id,
        s.deadline,
        k.nodig as contacten_nodig,
        case when k.peildatum = $peildatum then 'onder_norm' else 'straks_onder_norm' end as toelichting
    from kind_alleen_sinds s
    join kind_alleen k on k.reden = s.reden and k.maatregel_id = s.maatregel_id and k.peildatum = s.op
),

vaste_jzw as (
    select * from int_vaste_jzw($selectie, [$peildatum::date])
),

vaste_jzw_actie as (
    select
        'k6_werkwijze' as reden, maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
        medewerker_id, null::date as deadline, null::integer as contacten_nodig, 'geen_werkwijze' as toelichting
    from vaste_jzw
    where werkwijze = 'geen'
    union all
    select
        'k6_triage', maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
        medewerker_id, triage_uiterlijk, null::integer, 'geen_kleurcode'
    from vaste_jzw
    where kleurcode = 'geen'
      and triage_uiterlijk <= $tot
),

in_doorstroom as (
    select
        *,
        laatste_contact + normen().k7_contact_dagen as contact_uiterlijk,
        greatest(laatste_casuistiek + normen().k7_casuistiek_dagen,
                 in_team_sinds + normen().k7_casuistiek_dagen - 1) as casuistiek_uiterlijk
    from int_in_doorstroom($selectie, [$peildatum::date])
),

in_doorstroom_actie as (
    select
        'k7_contact' as reden, maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
        medewerker_id, contact_uiterlijk as deadline, null::integer as contacten_nodig,
        case when laatste_contact is null then 'nooit_contact' else 'contact' end as toelichting
    from in_doorstroom
    where not contact_ok or contact_uiterlijk <= $tot
    union all
    select
        'k7_casuistiek', maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
        medewerker_id, casuistiek_uiterlijk, null::integer,
        case when laatste_casuistiek is null then 'nooit_casuistiek' else 'casuistiek' end
    from in_doorstroom
    where not casuistiek_ok or casuistiek_uiterlijk <= $tot
),

klacht_termijn as (
    select
        *,
        unnest(['verslag', 'hoorzitting', 'uitspraak', 'reactie_bestuur']) as termijn,
        unnest([verslag_deadline, hoorzitting_deadline, uitspraak_deadline, reactie_bestuur_deadline])
            as termijn_deadline,
        unnest([verslag_status, hoorzitting_status, uitspraak_status, reactie_bestuur_status]) as termijn_status
    from klachten_op($selectie, $peildatum)
    where open_op_peildatum
),

klacht_actie as (
    select
        'k8' as reden, k.klacht_id, k.maatregel_id, k.jeugdige_id, k.soort, k.cluster_id, k.cluster_naam,
        k.team_id, k.team_naam, w.medewerker_id, k.termijn_deadline as deadline, null::integer as contacten_nodig,
        'klacht_' || k.termijn as toelichting
    from klacht_termijn k
    left join vaste_medewerker($peildatum) w using (maatregel_id)
    where k.termijn_status = 'verlopen'
       or (k.termijn_status = 'open' and k.termijn_deadline <= $tot)
),

acties as (
    select * from kind_alleen_actie
    union all by name select * from vaste_jzw_actie
    union all by name select * from in_doorstroom_actie
    union all by name select * from klacht_actie
)

select * from acties
order by deadline nulls first, reden, maatregel_id, klacht_id
