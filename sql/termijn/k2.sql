-- K2 facts per measure that do not depend on the peildatum (sql/kpi/k2_plan_van_aanpak.sql
-- evaluates them at P). Stored at import as termijn_k2 (kpi/termijnen.py).
--   deadline  startdatum + $k2_dagen
--   plan_op   the earliest plan set on or after startdatum (whatever its date relative to
--             any peildatum; at P it counts only when on or before P)
with eerste_plan as (
    select p.maatregel_id, min(p.vastgesteld_op) as plan_op
    from plannen p
    join maatregelen m using (maatregel_id)
    where p.vastgesteld_op >= m.startdatum
    group by p.maatregel_id
)

select
    m.maatregel_id,
    m.startdatum + $k2_dagen::integer as deadline,
    e.plan_op
from maatregelen m
left join eerste_plan e using (maatregel_id)
