-- K5 Kind-alleen-contact (child seen alone), one row per measure per peildatum of `peildata`
-- (kpi-definities.md, K5; choices: docs/keuzes-k5-k7.md).
-- Population at P: running OTS and voogdij measures of the selection s.
-- Window W = [max(startdatum, P - k5_venster_dagen), P]; exposure = days in W, both ends included
-- (P - start of W + 1, so a full window has 365 days).
-- Norm by woonsituatie at P and soort (k5_normen); no running verblijf row -> woonsituatie
-- 'onbekend', norm k5_norm_onbekend, flagged as a data problem.
-- vereist = floor(norm * exposure / k5_jaar_dagen); pleeggezin also
-- vereist_jzw = floor(k5_pleeggezin_jzw_deel * exposure / k5_jaar_dagen). Rows with vereist = 0 are left out.
-- medewerker_id, medewerker_rol: the worker to address (toewijzing_op).
create macro int_kind_alleen(s, peildata) as table
    with normen as (
        select n.woonsituatie, n.soort, n.norm
        from (select unnest(normen().k5_normen) as n)
    ),

    lopend as (
        select * from lopend_op(s, peildata) where soort in ('OTS', 'voogdij')
    ),

    -- The running verblijf row at P; overlapping rows (a data problem): the
    -- latest van, then the highest norm, then the name.
    verblijf_op_p as (
        select l.peildatum, l.maatregel_id, v.woonsituatie
        from lopend l
        join verblijf v
          on v.maatregel_id = l.maatregel_id
         and v.van <= l.peildatum
         and (v.tot is null or v.tot > l.peildatum)
        left join normen n on n.woonsituatie = v.woonsituatie and n.soort = l.soort
        qualify row_number() over (
            partition by l.peildatum, l.maatregel_id
            order by v.van desc, n.norm desc nulls last, v.woonsituatie) = 1
    ),

    venster as (
        select
            l.*,
            greatest(l.startdatum, l.peildatum - normen().k5_venster_dagen) as venster_start,
            coalesce(v.woonsituatie, 'onbekend') as woonsituatie,
            v.woonsituatie is null as woonsituatie_onbekend,
            coalesce(n.norm, normen().k5_norm_onbekend) as norm
        from lopend l
        left join verblijf_op_p v using (peildatum, maatregel_id)
        left join normen n on n.woonsituatie = v.woonsituatie and n.soort = l.soort
    ),

    vereist as (
        select
            *,
            (peildatum - venster_start + 1)::integer as blootstelling_dagen,
            (norm * blootstelling_dagen // normen().k5_jaar_dagen)::integer as vereist,
            case
                when woonsituatie = 'pleeggezin'
                then (normen().k5_pleeggezin_jzw_deel * blootstelling_dagen // normen().k5_jaar_dagen)::integer
            end as vereist_jzw
        from venster
    ),

    in_kpi as (
        select * from vereist where vereist > 0
    ),

    -- Registered child-alone contacts; validated = also with the young person,
    -- face to face and nobody else present (andere_aanwezigen empty = not true).
    -- door empty = jeugdzorgwerker (the contract's default).
    kind_alleen_contacten as (
        select
            c.maatregel_id,
            c.datum,
            (c.met_jeugdige and c.vorm = 'face_to_face' and not coalesce(c.andere_aanwezigen, false))
                as gevalideerd,
            coalesce(c.door, 'jeugdzorgwerker') = 'jeugdzorgwerker' as door_jzw
        from contacten c
        where c.kind_alleen
          and c.maatregel_id in (select maatregel_id from in_kpi)
    ),

    tellingen as (
        select
            k.peildatum,
            k.maatregel_id,
            count(c.datum) filter (where c.datum >= k.venster_start)::integer as geregistreerd,
            count(c.datum) filter (where c.datum >= k.venster_start and c.gevalideerd)::integer as gevalideerd,
            count(c.datum) filter (where c.datum >= k.venster_start and c.door_jzw)::integer
                as geregistreerd_jzw,
            count(c.datum) filter (where c.datum >= k.venster_start and c.gevalideerd and c.door_jzw)::integer
                as gevalideerd_jzw,
            max(c.datum) filter (where c.gevalideerd) as laatste_gevalideerd
        from in_kpi k
        left join kind_alleen_contacten c
          on c.maatregel_id = k.maatregel_id
         and c.datum <= k.peildatum
        group by k.peildatum, k.maatregel_id
    )

    select
        k.peildatum,
        k.maatregel_id, k.jeugdige_id, k.soort, k.cluster_id, k.cluster_naam, k.team_id, k.team_naam,
        k.gemeente_code, k.gemeente_naam, k.startdatum,
        k.woonsituatie,
        k.norm,
        k.venster_start,
        k.blootstelling_dagen,
        k.vereist,
        k.vereist_jzw,
        t.geregistreerd,
        t.gevalideerd,
        t.geregistreerd_jzw,
        t.gevalideerd_jzw,
        (t.geregistreerd >= k.vereist
            and (k.vereist_jzw is null or t.geregistreerd_jzw >= k.vereist_jzw)) as voldoet_geregistreerd,
        (t.gevalideerd >= k.vereist
            and (k.vereist_jzw is null or t.gevalideerd_jzw >= k.vereist_jzw)) as voldoet_gevalideerd,
        t.laatste_gevalideerd,
        (k.peildatum - t.laatste_gevalideerd)::integer as dagen_sinds_gevalideerd,
        -- not seen alone (validated) for more than k5_niet_gezien_dagen days;
        -- never seen alone counts from the start of the measure
        (k.peildatum - coalesce(t.laatste_gevalideerd, k.startdatum)) > normen().k5_niet_gezien_dagen
            as niet_gezien_180,
        k.woonsituatie_onbekend,
        w.medewerker_id,
        w.medewerker_rol
    from in_kpi k
    join tellingen t using (peildatum, maatregel_id)
    left join toewijzing_op('lopend') w using (peildatum, maatregel_id);
