-- K2 Plan van aanpak binnen 6 weken: the case rows. One row per measure of the selection whose
-- deadline (startdatum + k2_dagen) falls in [$van, $tot], from the facts int_termijn_k2 (event: the
-- earliest plan set on or after startdatum and on or before P).
select * rename (dagen_tot_gebeurtenis as dagen_tot_plan)
from termijn_zaken('int_termijn_k2', $selectie, $peildatum, $van, $tot)
order by deadline, maatregel_id
