-- K8 Klachten: the complaints of the selection received on or before $peildatum as known at P
-- (klachten_op, sql/intermediate/int_klacht.sql), with what the period [$van, $tot] decides:
--   ontvangen              received in the period (the complaints K8 counts)
--   beoordeeld_in_periode  the committee's ruling dated in the period (whose parts' rulings count)
--   <term>_in_periode      the term's deadline in the period and on or before P (its status counts)
-- In the order of the case list: received first.
select
    *,
    ontvangen_op between $van and $tot as ontvangen,
    coalesce(uitspraak_op between $van and $tot, false) as beoordeeld_in_periode,
    coalesce(verslag_deadline between $van and least($tot, $peildatum), false) as verslag_in_periode,
    coalesce(hoorzitting_deadline between $van and least($tot, $peildatum), false) as hoorzitting_in_periode,
    coalesce(uitspraak_deadline between $van and least($tot, $peildatum), false) as uitspraak_in_periode,
    coalesce(reactie_bestuur_deadline between $van and least($tot, $peildatum), false) as reactie_bestuur_in_periode
from klachten_op($selectie, $peildatum)
order by ontvangen_op, klacht_id
