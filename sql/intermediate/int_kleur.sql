-- Safety assessments (veiligheidsinschattingen): the colour codes of a measure over time.

-- K6 queue order of the colour codes: 'geen' (no safety assessment yet: triage first), then
-- rood, oranje, groen. Also "the most severe colour" when a day has several assessments.
create macro kleur_rangen() as table
    select *
    from (values ('geen', 0), ('rood', 1), ('oranje', 2), ('groen', 3)) as r(kleurcode, kleur_rang);
