-- K3 facts per measure that do not depend on the peildatum (sql/kpi/k3_hulp.sql evaluates
-- them at P). Stored at import as termijn_k3 (kpi/termijnen.py).
--   deadline  startdatum + $k3_maanden months (the month's last day when that month is shorter)
--   hulp_op   the earliest hulp.gestart_op of the measure (help already running before the
--             start counts; at P it counts only when on or before P)
with eerste_hulp as (
    select maatregel_id, min(gestart_op) as hulp_op
    from hulp
    group by maatregel_id
)

select
    m.maatregel_id,
    (m.startdatum + to_months($k3_maanden::integer))::date as deadline,
    e.hulp_op
from maatregelen m
left join eerste_hulp e using (maatregel_id)
