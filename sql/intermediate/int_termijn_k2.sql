-- K2 deadline facts: per measure, what does not depend on the peildatum (termijn_op in
-- int_termijn.sql evaluates them at P). Materialised when a file is built (kpi/data/build.py).
--   deadline        startdatum + k2_dagen
--   gebeurtenis_op  the earliest plan set on or after startdatum (whatever its date relative to
--                   any peildatum; at P it counts only when on or before P)
with eerste_plan as (
    select p.maatregel_id, min(p.vastgesteld_op) as plan_op
    from plannen p
    join maatregelen m using (maatregel_id)
    where p.vastgesteld_op >= m.startdatum
    group by p.maatregel_id
)

select
    m.maatregel_id,
    m.startdatum + normen().k2_dagen as deadline,
    e.plan_op as gebeurtenis_op
from maatregelen m
left join eerste_plan e using (maatregel_id)
