-- K6 Monitorlijst per ISO week (Monday to Sunday): stock per colour at the
-- end of the week, inflow and outflow during the week, per cluster.
-- Weeks: every ISO week that overlaps [$van, min($tot, $peildatum)], counted
-- whole; week_einde = Sunday, or $peildatum for the current week (never past P).
--   voorraad   measures running at week_einde with a running monitorlijst period
--   instroom   periods with op_lijst in [week_start, week_einde]
--   uitstroom  periods with van_lijst in [week_start, week_einde]
-- Colour = the colour at that moment (week_einde, op_lijst, van_lijst): the
-- latest veiligheidsinschatting dated on or before it (same day: the most
-- severe, int_kleur_per_dag); none -> 'geen'. One row per week, cluster and colour, zeros included.
-- Choices: docs/keuzes-k5-k7.md.
with weken as (
    select
        w::date as week_start,
        least(w::date + 6, $peildatum::date) as week_einde
    from (
        select unnest(generate_series(
            date_trunc('week', $van::date)::date,
            least($tot::date, $peildatum::date),
            interval 7 day)) as w
    )
),

selectie as (
    select *
    from selectie_maatregelen($selectie)
),

clusters_in_selectie as (
    select distinct cluster_id, cluster_naam
    from selectie
),

perioden as (
    select ml.maatregel_id, ml.op_lijst, ml.van_lijst, m.cluster_id, m.startdatum, m.einddatum
    from monitorlijst ml
    join selectie m using (maatregel_id)
    where ml.op_lijst <= $peildatum
),

voorraad as (
    select distinct w.week_start, w.week_einde as moment, p.maatregel_id, p.cluster_id
    from weken w
    join perioden p
      on p.op_lijst <= w.week_einde
     and (p.van_lijst is null or p.van_lijst > w.week_einde)
     and p.startdatum <= w.week_einde
     and (p.einddatum is null or p.einddatum > w.week_einde)
),

instroom as (
    select w.week_start, p.op_lijst as moment, p.maatregel_id, p.cluster_id
    from weken w
    join perioden p on p.op_lijst between w.week_start and w.week_einde
),

uitstroom as (
    select w.week_start, p.van_lijst as moment, p.maatregel_id, p.cluster_id
    from weken w
    join perioden p on p.van_lijst between w.week_start and w.week_einde
),

gebeurtenissen as (
    select row_number() over () as gebeurtenis_id, *
    from (
        select 'voorraad' as telling, week_start, moment, maatregel_id, cluster_id from voorraad
        union all
        select 'instroom' as telling, week_start, moment, maatregel_id, cluster_id from instroom
        union all
        select 'uitstroom' as telling, week_start, moment, maatregel_id, cluster_id from uitstroom
    )
),

momenten as (
    select gebeurtenis_id, maatregel_id, moment from gebeurtenissen
),

met_kleur as (
    select g.telling, g.week_start, g.cluster_id, coalesce(k.kleurcode, 'geen') as kleurcode
    from gebeurtenissen g
    left join kleur_op('momenten') k using (gebeurtenis_id)
),

tellingen as (
    select
        week_start,
        cluster_id,
        kleurcode,
        count(*) filter (where telling = 'voorraad')::integer as voorraad,
        count(*) filter (where telling = 'instroom')::integer as instroom,
        count(*) filter (where telling = 'uitstroom')::integer as uitstroom
    from met_kleur
    group by week_start, cluster_id, kleurcode
),

rooster as (
    select w.week_start, w.week_einde, c.cluster_id, c.cluster_naam, r.kleurcode, r.kleur_rang
    from weken w
    cross join clusters_in_selectie c
    cross join kleur_rangen() r
)

select
    r.week_start,
    r.week_einde,
    r.cluster_id,
    r.cluster_naam,
    r.kleurcode,
    r.kleur_rang,
    coalesce(t.voorraad, 0) as voorraad,
    coalesce(t.instroom, 0) as instroom,
    coalesce(t.uitstroom, 0) as uitstroom
from rooster r
left join tellingen t using (week_start, cluster_id, kleurcode)
order by r.week_start, r.cluster_id, r.kleur_rang
