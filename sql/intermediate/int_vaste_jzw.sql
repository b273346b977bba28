-- K6 Vaste jeugdzorgwerker, monitorlijst and colour queue: one row per running measure of the
-- selection s per peildatum of `peildata` (kpi-definities.md, K6; choices: docs/keuzes-k5-k7.md).
--   met_vaste_jzw    a running rol = vast assignment
--   op_monitorlijst  a running monitorlijst period (op_lijst = its start)
--   in_doorstroom    no fixed worker and a running rol = in_doorstroom assignment
--   werkwijze        'vast' > 'monitorlijst' > 'in_doorstroom' > 'geen' (the alarm group)
--   kleurcode        latest veiligheidsinschatting dated <= P (same day: the most
--                    severe, int_kleur_per_dag); none -> 'geen'
--   triage_te_laat   colour 'geen' and the triage_werkdagen-th working day after
--                    the start lies before P
--   plaats           place in the cluster's queue of measures on the list:
--                    kleur_rang, op_lijst, maatregel_id
create macro int_vaste_jzw(s, peildata) as table
    -- The queue is per cluster: the place in line is numbered over every running measure of the
    -- cluster the user may see (in_wachtrij), so a team, gemeente or soort filter shows the true
    -- place and does not renumber the queue; the rows of the selection are kept at the end.
    with wachtrij as (
        select * from stg_maatregelen where in_wachtrij(s)
    ),

    lopend as (
        select p.peildatum, m.*
        from (select unnest(peildata) as peildatum) p
        join wachtrij m
          on m.startdatum <= p.peildatum
         and (m.einddatum is null or m.einddatum > p.peildatum)
    ),

    momenten as (
        select peildatum, maatregel_id, peildatum as moment from lopend
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
        from wachtrij m
        join kalender ks on ks.datum = m.startdatum
        join kalender kd on kd.werkdag and kd.werkdag_nr = ks.werkdag_nr + normen().triage_werkdagen
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
            t.medewerker_id,
            coalesce(k.kleurcode, 'geen') as kleurcode,
            k.kleur_datum,
            tt.triage_uiterlijk
        from lopend l
        left join toewijzing_op('lopend') t using (peildatum, maatregel_id)
        left join lijst_op_p ml using (peildatum, maatregel_id)
        left join kleur_op('momenten') k using (peildatum, maatregel_id)
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
        peildatum,
        maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
        gemeente_code, gemeente_naam, startdatum,
        medewerker_id,
        met_vaste_jzw,
        vaste_medewerker_id,
        op_monitorlijst,
        op_lijst,
        in_doorstroom,
        doorstroom_medewerker_id,
        werkwijze,
        kleurcode,
        kleur_datum,
        kleur_rang,
        triage_uiterlijk,
        triage_te_laat,
        wachtdagen,
        plaats
    from ingedeeld
    where in_selectie(s);
