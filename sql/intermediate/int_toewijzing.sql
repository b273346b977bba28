-- Assignments (toewijzingen) running at a peildatum: van <= P and tot empty or after P.

-- The fixed worker of every measure at p (the lowest id when there are several).
create macro vaste_medewerker(p) as table
    select maatregel_id, min(medewerker_id) as medewerker_id
    from toewijzingen
    where rol = 'vast' and van <= p and (tot is null or tot > p)
    group by maatregel_id;

-- The assignments running at each peildatum of the rows (peildatum, maatregel_id) of the relation named
-- `rijen` (a table or a CTE of the calling query: the population the caller has, e.g. 'lopend'); one row
-- per row with at least one running assignment:
--   vaste_medewerker_id       the fixed worker (rol = vast; the lowest id when several)
--   aantal_vast               how many rol = vast assignments run (two or more is a data problem)
--   vaste_medewerkers         their workers in order of van; tweede_vast_van: the second-earliest van
--   doorstroom_medewerker_id  the in-/throughflow worker (rol = in_doorstroom; the lowest id)
--   medewerker_id, medewerker_rol  the worker to address: the fixed one, else the in-/throughflow one
create macro toewijzing_op(rijen) as table
    select
        r.peildatum,
        r.maatregel_id,
        min(t.medewerker_id) filter (where t.rol = 'vast') as vaste_medewerker_id,
        count(*) filter (where t.rol = 'vast')::integer as aantal_vast,
        string_agg(t.medewerker_id, ', ' order by t.van, t.medewerker_id) filter (where t.rol = 'vast')
            as vaste_medewerkers,
        list_sort(list(t.van) filter (where t.rol = 'vast'))[2] as tweede_vast_van,
        min(t.medewerker_id) filter (where t.rol = 'in_doorstroom') as doorstroom_medewerker_id,
        coalesce(vaste_medewerker_id, doorstroom_medewerker_id) as medewerker_id,
        case when vaste_medewerker_id is not null then 'vast' else 'in_doorstroom' end as medewerker_rol
    from query_table(rijen) r
    join toewijzingen t
      on t.maatregel_id = r.maatregel_id
     and t.van <= r.peildatum
     and (t.tot is null or t.tot > r.peildatum)
    group by r.peildatum, r.maatregel_id;

