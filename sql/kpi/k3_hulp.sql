-- K3 Hulp gestart binnen 3 maanden: the case rows. One row per measure of the selection whose
-- deadline (startdatum + k3_maanden months; the month's last day when that month is shorter) falls
-- in [$van, $tot], from the facts int_termijn_k3 (event: the earliest hulp.gestart_op on or before P;
-- help already running before the start counts; measures in geen_hulp_nodig have no facts).
select * rename (dagen_tot_gebeurtenis as dagen_tot_hulp)
from termijn_zaken('int_termijn_k3', $selectie, $peildatum, $van, $tot)
order by deadline, maatregel_id
