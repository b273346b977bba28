-- K5 Kind-alleen-contact (child seen alone), one row per measure per peildatum.
-- Population at P: running OTS and voogdij measures (kpi-definities.md, K5).
-- Window W = [max(startdatum, P - $k5_venster_dagen), P]; exposure = days in W,
-- both ends included (P - start of W + 1, so a full window has 365 days).
-- Norm by woonsituatie at P and soort ($k5_normen); no running verblijf row
-- -> woonsituatie 'onbekend', norm $k5_norm_onbekend, flagged as a data problem.
-- vereist = floor(norm * exposure / $k5_jaar_dagen); pleeggezin also
-- vereist_jzw = floor($k5_pleeggezin_jzw * exposure / $k5_jaar_dagen).
-- Rows with vereist = 0 are left out. Choices: docs/keuzes-k5-k7.md.
with peildata as (
    select unnest($peildata::date[]) as peildatum
),

normen as (
    select n.woonsituatie, n.soort, n.norm
    from (select unnest($k5_normen) as n)
),

selectie as (
    select *
    from selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where soort in ('OTS', 'voogdij')
),

lopend as (
    select p.peildatum, m.*
    from peildata p
    join selectie m
      on m.startdatum <= p.peildatum
     and (m.einddatum is null or m.einddatum > p.peildatum)
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

-- The worker to address: the fixed worker at P (lowest id when several),
-- else the running in_doorstroom worker.
werker_op_p as (
    select l.peildatum, l.maatregel_id, t.medewerker_id, t.rol as medewerker_rol
    from lopend l
    join toewijzingen t
      on t.maatregel_id = l.maatregel_id
     and t.van <= l.peildatum
     and (t.tot is null or t.tot > l.peildatum)
    qualify row_number() over (
        partition by l.peildatum, l.maatregel_id
        order by (t.rol = 'vast') desc, t.medewerker_id) = 1
),

venster as (
    select
        l.*,
        greatest(l.startdatum, l.peildatum - $k5_venster_dagen) as venster_start,
        coalesce(v.woonsituatie, 'onbekend') as woonsituatie,
        v.woonsituatie is null as woonsituatie_onbekend,
        coalesce(n.norm, $k5_norm_onbekend) as norm
    from lopend l
    left join verblijf_op_p v using (peildatum, maatregel_id)
    left join normen n on n.woonsituatie = v.woonsituatie and n.soort = l.soort
),

blootstelling as (
    select *, (peildatum - venster_start + 1)::integer as blootstelling_dagen
    from venster
),

vereist as (
    select
        *,
        (norm * blootstelling_dagen // $k5_jaar_dagen)::integer as vereist,
        case
            when woonsituatie = 'pleeggezin'
            then ($k5_pleeggezin_jzw * blootstelling_dagen // $k5_jaar_dagen)::integer
        end as vereist_jzw
    from blootstelling
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
),

beoordeeld as (
    select
        k.*,
        t.geregistreerd,
        t.gevalideerd,
        t.geregistreerd_jzw,
        t.gevalideerd_jzw,
        t.laatste_gevalideerd,
        (k.peildatum - t.laatste_gevalideerd)::integer as dagen_sinds_gevalideerd,
        (k.peildatum - coalesce(t.laatste_gevalideerd, k.startdatum))::integer as dagen_niet_gezien
    from in_kpi k
    join tellingen t using (peildatum, maatregel_id)
)

select
    b.peildatum,
    b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
    b.gemeente_code, b.gemeente_naam, b.startdatum,
    w.medewerker_id, w.medewerker_rol,
    b.woonsituatie,
    b.norm,
    b.venster_start,
    b.blootstelling_dagen,
    b.vereist,
    b.vereist_jzw,
    b.geregistreerd,
    b.gevalideerd,
    b.geregistreerd_jzw,
    b.gevalideerd_jzw,
    (b.geregistreerd >= b.vereist
        and (b.vereist_jzw is null or b.geregistreerd_jzw >= b.vereist_jzw)) as voldoet_geregistreerd,
    (b.gevalideerd >= b.vereist
        and (b.vereist_jzw is null or b.gevalideerd_jzw >= b.vereist_jzw)) as voldoet_gevalideerd,
    b.laatste_gevalideerd,
    b.dagen_sinds_gevalideerd,
    -- not seen alone (validated) for more than $k5_niet_gezien_dagen days;
    -- never seen alone counts from the start of the measure
    b.dagen_niet_gezien > $k5_niet_gezien_dagen as niet_gezien_180,
    b.woonsituatie_onbekend
from beoordeeld b
left join werker_op_p w using (peildatum, maatregel_id)
order by b.peildatum, b.cluster_id, b.team_id, b.maatregel_id
