-- Assignments (toewijzingen) running at a peildatum: van <= P and tot empty or after P.

-- The fixed worker of every measure at p (the lowest id when there are several).
create macro vaste_medewerker(p) as table
    select maatregel_id, min(medewerker_id) as medewerker_id
    from toewijzingen
    where rol = 'vast' and van <= p and (tot is null or tot > p)
    group by maatregel_id;

-- The running measures of the selection at each peildatum (lopend_op) with their assignments then:
--   vaste_medewerker_id       the fixed worker (rol = vast; the lowest id when several)
--   aantal_vast               how many rol = vast assignments run (two or more is a data problem)
--   vaste_medewerkers         their workers in order of van; tweede_vast_van: the second-earliest van
--   doorstroom_medewerker_id  the in-/throughflow worker (rol = in_doorstroom; the lowest id)
--   medewerker_id, medewerker_rol  the worker to address: the fixed one, else the in-/throughflow one
-- A measure without a running assignment has NULLs there (aantal_vast 0).
create macro toewijzing_op(s, peildata) as table
    with lopend as (
        select * from lopend_op(s, peildata)
    ),

    toewijzing as (
        select
            l.peildatum,
            l.maatregel_id,
            min(t.medewerker_id) filter (where t.rol = 'vast') as vaste_medewerker_id,
            count(*) filter (where t.rol = 'vast')::integer as aantal_vast,
            string_agg(t.medewerker_id, ', ' order by t.van, t.medewerker_id) filter (where t.rol = 'vast')
                as vaste_medewerkers,
            list_sort(list(t.van) filter (where t.rol = 'vast'))[2] as tweede_vast_van,
            min(t.medewerker_id) filter (where t.rol = 'in_doorstroom') as doorstroom_medewerker_id
        from lopend l
        join toewijzingen t
          on t.maatregel_id = l.maatregel_id
         and t.van <= l.peildatum
         and (t.tot is null or t.tot > l.peildatum)
        group by l.peildatum, l.maatregel_id
    )

    select
        l.*,
        t.vaste_medewerker_id,
        coalesce(t.aantal_vast, 0) as aantal_vast,
        t.vaste_medewerkers,
        t.tweede_vast_van,
        t.doorstroom_medewerker_id,
        coalesce(t.vaste_medewerker_id, t.doorstroom_medewerker_id) as medewerker_id,
        case
            when t.vaste_medewerker_id is not null then 'vast'
            when t.doorstroom_medewerker_id is not null then 'in_doorstroom'
        end as medewerker_rol
    from lopend l
    left join toewijzing t using (peildatum, maatregel_id);
