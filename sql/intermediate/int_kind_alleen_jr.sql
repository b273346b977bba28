-- K5 JR (separate figure): see the young person once every four weeks (choices:
-- docs/keuzes-k5-k7.md). One row per running JR measure of the selection s per peildatum of `peildata`
-- that has run at least k5_jr_dagen days (P - startdatum >= k5_jr_dagen). Complies when a contact with
-- the young person (met_jeugdige, any vorm but 'overleg') is dated in the last k5_jr_dagen days up to
-- P: the days (P - k5_jr_dagen, P], i.e. P - datum < k5_jr_dagen. medewerker_id, medewerker_rol: the
-- worker to address (toewijzing_op).
create macro int_kind_alleen_jr(s, peildata) as table
    with lopend as (
        select *
        from lopend_op(s, peildata)
        where soort = 'JR'
          and peildatum - startdatum >= normen().k5_jr_dagen
    ),

    contact_met_jeugdige as (
        select c.maatregel_id, c.datum
        from contacten c
        where c.met_jeugdige
          and c.vorm <> 'overleg'
          and c.maatregel_id in (select maatregel_id from lopend)
    )

    select
        l.peildatum,
        l.maatregel_id, l.jeugdige_id, l.soort, l.cluster_id, l.cluster_naam, l.team_id, l.team_naam,
        l.gemeente_code, l.gemeente_naam, l.startdatum,
        (l.peildatum - l.startdatum)::integer as dagen_lopend,
        c.laatste as laatste_contact,
        (l.peildatum - c.laatste)::integer as dagen_sinds_contact,
        coalesce(l.peildatum - c.laatste < normen().k5_jr_dagen, false) as voldoet,
        w.medewerker_id,
        w.medewerker_rol
    from lopend l
    left join laatste_op('lopend', 'contact_met_jeugdige') c using (peildatum, maatregel_id)
    left join toewijzing_op('lopend') w using (peildatum, maatregel_id);
