-- Safety assessments (veiligheidsinschattingen): the colour codes of a measure over time.

-- K6 queue order of the colour codes: 'geen' (no safety assessment yet: triage first), then
-- rood, oranje, groen. Also "the most severe colour" when a day has several assessments.
create macro kleur_rangen() as table
    select *
    from (values ('geen', 0), ('rood', 1), ('oranje', 2), ('groen', 3)) as r(kleurcode, kleur_rang);

-- The colour code at each moment of the rows of the relation named `momenten` (a CTE of the caller
-- with maatregel_id, moment and the columns that identify its rows): the latest colour of the measure
-- dated on or before the moment (int_kleur_per_dag: one per day), and its date. Rows without one have
-- no row (a left join gives NULL: 'geen').
create macro kleur_op(momenten) as table
    select r.*, arg_max(k.kleurcode, k.datum) as kleurcode, max(k.datum) as kleur_datum
    from query_table(momenten) r
    join int_kleur_per_dag k
      on k.maatregel_id = r.maatregel_id
     and k.datum <= r.moment
    group by all;
