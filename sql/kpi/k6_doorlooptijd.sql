-- K6 Days on the monitorlijst until a fixed worker, for the periods that
-- ended: one row per monitorlijst period with van_lijst <= $peildatum and
-- van_lijst in [$van, $tot].
--   eerste_vaste_jzw     start of the first rol = vast assignment with
--                        van >= op_lijst and van <= $peildatum
--   met_vaste_jzw        that assignment started on or before van_lijst
--   dagen_tot_vaste_jzw  (eerste_vaste_jzw if met_vaste_jzw, else van_lijst) - op_lijst:
--                        never more than the days on the list
--   kleur_bij_instroom   colour at op_lijst: latest veiligheidsinschatting dated
--                        <= op_lijst (same day: the most severe, int_kleur_per_dag); when the measure
--                        was not triaged yet, its first colour dated in
--                        (op_lijst, van_lijst] (kleur_na_instroom = true); none -> 'geen'
--   kleur_bij_uitstroom  colour at van_lijst, the same way
-- Choices: docs/keuzes-k5-k7.md.
with selectie as (
    select *
    from selectie_maatregelen($selectie)
),

perioden as (
    select m.*, ml.op_lijst, ml.van_lijst
    from monitorlijst ml
    join selectie m using (maatregel_id)
    where ml.van_lijst <= $peildatum
      and ml.van_lijst between $van and $tot
),

-- The colour at op_lijst and at van_lijst of each period (kleur_op), and the first colour after op_lijst
-- up to van_lijst (used when the measure was not triaged yet when it came on the list).
bij_instroom as (
    select maatregel_id, op_lijst, van_lijst, op_lijst as moment from perioden
),

bij_uitstroom as (
    select maatregel_id, op_lijst, van_lijst, van_lijst as moment from perioden
),

eerste_kleur_op_lijst as (
    select p.maatregel_id, p.op_lijst, p.van_lijst, arg_min(k.kleurcode, k.datum) as kleurcode
    from perioden p
    join int_kleur_per_dag k
      on k.maatregel_id = p.maatregel_id
     and k.datum > p.op_lijst
     and k.datum <= p.van_lijst
    group by all
),

eerste_vast as (
    select p.maatregel_id, p.op_lijst, t.van as eerste_vaste_jzw, t.medewerker_id as vaste_medewerker_id
    from perioden p
    join toewijzingen t
      on t.maatregel_id = p.maatregel_id
     and t.rol = 'vast'
     and t.van >= p.op_lijst
     and t.van <= $peildatum
    qualify row_number() over (
        partition by p.maatregel_id, p.op_lijst
        order by t.van, t.medewerker_id) = 1
),

beoordeeld as (
    select
        p.*,
        coalesce(ki.kleurcode, ke.kleurcode, 'geen') as kleur_bij_instroom,
        ki.kleurcode is null and ke.kleurcode is not null as kleur_na_instroom,
        coalesce(ku.kleurcode, 'geen') as kleur_bij_uitstroom,
        v.eerste_vaste_jzw,
        v.vaste_medewerker_id,
        coalesce(v.eerste_vaste_jzw <= p.van_lijst, false) as met_vaste_jzw
    from perioden p
    left join kleur_op('bij_instroom') ki using (maatregel_id, op_lijst, van_lijst)
    left join eerste_kleur_op_lijst ke using (maatregel_id, op_lijst, van_lijst)
    left join kleur_op('bij_uitstroom') ku using (maatregel_id, op_lijst, van_lijst)
    left join eerste_vast v using (maatregel_id, op_lijst)
)

select
    b.maatregel_id, b.jeugdige_id, b.soort, b.cluster_id, b.cluster_naam, b.team_id, b.team_naam,
    b.gemeente_code, b.gemeente_naam, b.startdatum, b.einddatum,
    b.op_lijst,
    b.van_lijst,
    b.kleur_bij_instroom,
    r.kleur_rang,
    b.kleur_na_instroom,
    b.kleur_bij_uitstroom,
    b.eerste_vaste_jzw,
    b.vaste_medewerker_id,
    b.met_vaste_jzw,
    (b.van_lijst - b.op_lijst)::integer as dagen_op_lijst,
    (case when b.met_vaste_jzw then b.eerste_vaste_jzw else b.van_lijst end - b.op_lijst)::integer
        as dagen_tot_vaste_jzw
from beoordeeld b
join kleur_rangen() r on r.kleurcode = b.kleur_bij_instroom
order by b.van_lijst, b.maatregel_id, b.op_lijst
