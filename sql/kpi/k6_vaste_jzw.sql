-- K6 Vaste jeugdzorgwerker, monitorlijst and colour queue: one row per running
-- measure per peildatum (kpi-definities.md, K6). Choices: docs/keuzes-k5-k7.md.
--   met_vaste_jzw    a running rol = vast assignment
--   op_monitorlijst  a running monitorlijst period (op_lijst = its start)
--   in_doorstroom    no fixed worker and a running rol = in_doorstroom assignment
--   werkwijze        'vast' > 'monitorlijst' > 'in_doorstroom' > 'geen' (the alarm group)
--   kleurcode        latest veiligheidsinschatting dated <= P (same day: the most
--                    severe); none -> 'geen'
--   triage_te_laat   colour 'geen' and the $triage_werkdagen-th working day after
--                    the start lies before P
--   plaats           place in the cluster's queue of measures on the list:
--                    kleur_rang, op_lijst, maatregel_id
with peildata as (
    select unnest($peildata::date[]) as peildatum
),

-- The queue is per cluster: the place in line is numbered over every measure
-- of the cluster the user may see, so a team, gemeente or soort filter shows
-- the true place and does not renumber the queue.
wachtrij_selectie as (
    select *
    from selectie_maatregelen($cluster, null, null, null, $scope_clusters, $scope_gemeente)
),

selectie as (
    select maatregel_id
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
),

lopend as (
    select p.peildatum, m.*
    from peildata p
    join wachtrij_selectie m
      on m.startdatum <= p.peildatum
     and (m.einddatum is null or m.einddatum > p.peildatum)
),

-- One colour per measure and day: the most severe when a day has several.
kleur_per_dag as (
    select v.maatregel_id, v.datum, v.kleurcode
    from veiligheidsinschattingen v
    join kleur_rangen() r using (kleurcode)
    where v.maatregel_id in (select maatregel_id from lopend)
    qualify row_number() over (partition by v.maatregel_id, v.datum order by r.kleur_rang) = 1
),

kleur_op_p as (
    select
        l.peildatum,
        l.maatregel_id,
        max(k.datum) as kleur_datum,
        arg_max(k.kleurcode, k.datum) as kleurcode
    from lopend l
    join kleur_per_dag k
      on k.maatregel_id = l.maatregel_id
     and k.datum <= l.peildatum
    group by l.peildatum, l.maatregel_id
),

toewijzing_op_p as (
    select
        l.peildatum,
        l.maatregel_id,
        min(t.medewerker_id) filter (where t.rol = 'vast') as vaste_medewerker_id,
        min(t.medewerker_id) filter (where t.rol = 'in_doorstroom') as doorstroom_medewerker_id
    from lopend l
    join toewijzingen t
      on t.maatregel_id = l.maatregel_id
     and t.van <= l.peildatum
     and (t.tot is null or t.tot > l.peildatum)
    group by l.peildatum, l.maatregel_id
),

-- Overlapping running periods (a data problem): the earliest op_lijst.
lijst_op_p as (
    select l.peildatum, l.maatregel_id, min(ml.op_lijst) as op_lijst
    from lopend l
    join monitorlijst ml
      on ml.maatregel_id = l.maatregel_id
     and ml.op_lijst <= l.peildatum
     and (ml.van_lijst is null or ml.van_lijst > l.peildatum)
    group by l.peildatum, l.maatregel_id
),

triage_termijn as (
    select m.maatregel_id, kd.datum as triage_uiterlijk
    from wachtrij_selectie m
    join kalender ks on ks.datum = m.startdatum
    join kalender kd on kd.werkdag and kd.werkdag_nr = ks.werkdag_nr + $triage_werkdagen
),

per_maatregel as (
    select
        l.*,
        t.vaste_medewerker_id,
        t.vaste_medewerker_id is not null as met_vaste_jzw,
        ml.op_lijst is not null as op_monitorlijst,
        ml.op_lijst,
        t.vaste_medewerker_id is null and t.doorstroom_medewerker_id is not null as in_doorstroom,
        t.doorstroom_medewerker_id,
        coalesce(k.kleurcode, 'geen') as kleurcode,
        k.kleur_datum,
        tt.triage_uiterlijk
    from lopend l
    left join toewijzing_op_p t using (peildatum, maatregel_id)
    left join lijst_op_p ml using (peildatum, maatregel_id)
    left join kleur_op_p k using (peildatum, maatregel_id)
    left join triage_termijn tt using (maatregel_id)
),

ingedeeld as (
    select
        p.*,
        case
            when p.met_vaste_jzw then 'vast'
            when p.op_monitorlijst then 'monitorlijst'
            when p.in_doorstroom then 'in_doorstroom'
            else 'geen'
        end as werkwijze,
        r.kleur_rang,
        p.kleurcode = 'geen' and p.triage_uiterlijk < p.peildatum as triage_te_laat,
        case when p.op_monitorlijst then (p.peildatum - p.op_lijst)::integer end as wachtdagen,
        case
            when p.op_monitorlijst
            then row_number() over (
                partition by p.peildatum, p.cluster_id, p.op_monitorlijst
                order by r.kleur_rang, p.op_lijst, p.maatregel_id)
        end::integer as plaats
    from per_maatregel p
    join kleur_rangen() r using (kleurcode)
)

select
    i.peildatum,
    i.maatregel_id, i.jeugdige_id, i.soort, i.cluster_id, i.cluster_naam, i.team_id, i.team_naam,
    i.gemeente_code, i.gemeente_naam, i.startdatum,
    coalesce(i.vaste_medewerker_id, i.doorstroom_medewerker_id) as medewerker_id,
    i.met_vaste_jzw,
    i.vaste_medewerker_id,
    i.op_monitorlijst,
    i.op_lijst,
    i.in_doorstroom,
    i.doorstroom_medewerker_id,
    i.werkwijze,
    i.kleurcode,
    i.kleur_datum,
    i.kleur_rang,
    i.triage_uiterlijk,
    i.triage_te_laat,
    i.wachtdagen,
    i.plaats
from ingedeeld i
where i.maatregel_id in (select maatregel_id from selectie)
order by i.peildatum, i.cluster_id, i.plaats nulls last, i.maatregel_id
