-- K7 In- en doorstroomteam work rules: one row per measure of the selection s in the
-- in-/throughflow team at each peildatum of `peildata` (kpi-definities.md, K7 and K6):
-- a running measure without a running rol = vast assignment and with a
-- running rol = in_doorstroom assignment.
--   in_team_sinds       start of the uninterrupted in_doorstroom period covering P:
--                       rol = in_doorstroom rows of the measure merged when they
--                       overlap or adjoin (next van <= the latest tot so far)
--   contact_ok          latest contact (any vorm) dated <= P and P - datum <= k7_contact_dagen
--   casuistiek_ok       latest casuistiekbespreking dated <= P with
--                       P - datum <= k7_casuistiek_dagen, or dagen_in_team < k7_casuistiek_dagen
--   aantal_werkers_365  distinct medewerker_id with a contact dated in
--                       (P - k7_werkers_dagen, P]
-- Choices: docs/keuzes-k5-k7.md.
create macro int_in_doorstroom(s, peildata) as table
    with lopend as (
        select * from lopend_op(s, peildata)
    ),

    -- medewerker_id: the in-/throughflow worker
    populatie as (
        select l.*, t.doorstroom_medewerker_id as medewerker_id
        from lopend l
        join toewijzing_op('lopend') t using (peildatum, maatregel_id)
        where t.vaste_medewerker_id is null
          and t.doorstroom_medewerker_id is not null
    ),

    -- Gaps and islands over the in_doorstroom rows of a measure (open tot = infinity).
    doorstroom_rijen as (
        select
            t.maatregel_id,
            t.van,
            coalesce(t.tot, 'infinity'::date) as tot,
            max(coalesce(t.tot, 'infinity'::date)) over (
                partition by t.maatregel_id
                order by t.van, t.tot nulls last
                rows between unbounded preceding and 1 preceding) as eerder_tot
        from toewijzingen t
        where t.rol = 'in_doorstroom'
          and t.maatregel_id in (select maatregel_id from populatie)
    ),

    eiland_nummers as (
        select
            *,
            sum(case when eerder_tot is null or van > eerder_tot then 1 else 0 end) over (
                partition by maatregel_id
                order by van, tot
                rows between unbounded preceding and current row) as eiland
        from doorstroom_rijen
    ),

    eilanden as (
        select maatregel_id, eiland, min(van) as eiland_van, max(tot) as eiland_tot
        from eiland_nummers
        group by maatregel_id, eiland
    ),

    in_team as (
        select p.peildatum, p.maatregel_id, e.eiland_van as in_team_sinds
        from populatie p
        join eilanden e
          on e.maatregel_id = p.maatregel_id
         and e.eiland_van <= p.peildatum
         and e.eiland_tot > p.peildatum
    ),

    contact as (
        select
            p.peildatum,
            p.maatregel_id,
            max(c.datum) as laatste_contact,
            count(distinct c.medewerker_id)
                filter (where c.datum > p.peildatum - normen().k7_werkers_dagen)::integer as aantal_werkers_365
        from populatie p
        join contacten c
          on c.maatregel_id = p.maatregel_id
         and c.datum <= p.peildatum
        group by p.peildatum, p.maatregel_id
    ),

    beoordeeld as (
        select
            p.*,
            i.in_team_sinds,
            (p.peildatum - i.in_team_sinds)::integer as dagen_in_team,
            c.laatste_contact,
            (p.peildatum - c.laatste_contact)::integer as dagen_sinds_contact,
            coalesce(c.aantal_werkers_365, 0) as aantal_werkers_365,
            b.laatste as laatste_casuistiek,
            (p.peildatum - b.laatste)::integer as dagen_sinds_casuistiek
        from populatie p
        left join in_team i using (peildatum, maatregel_id)
        left join contact c using (peildatum, maatregel_id)
        left join laatste_op('populatie', 'casuistiekbesprekingen') b using (peildatum, maatregel_id)
    )

    select
        b.peildatum,
        b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
        b.gemeente_code, b.gemeente_naam, b.startdatum,
        b.medewerker_id,
        b.in_team_sinds,
        b.dagen_in_team,
        b.laatste_contact,
        b.dagen_sinds_contact,
        coalesce(b.dagen_sinds_contact <= normen().k7_contact_dagen, false) as contact_ok,
        b.laatste_casuistiek,
        b.dagen_sinds_casuistiek,
        coalesce(b.dagen_sinds_casuistiek <= normen().k7_casuistiek_dagen, false)
            or b.dagen_in_team < normen().k7_casuistiek_dagen as casuistiek_ok,
        b.aantal_werkers_365
    from beoordeeld b;
