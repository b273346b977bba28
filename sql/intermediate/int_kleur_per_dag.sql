-- One colour code per measure and day: the most severe when a day has several assessments.
-- Materialised when a file is built (kpi/data/build.py). "The colour at a moment" is the latest row dated
-- on or before it (kleur_op in int_kleur.sql); none -> 'geen'.
select v.maatregel_id, v.datum, v.kleurcode
from veiligheidsinschattingen v
join kleur_rangen() r using (kleurcode)
qualify row_number() over (partition by v.maatregel_id, v.datum order by r.kleur_rang) = 1
