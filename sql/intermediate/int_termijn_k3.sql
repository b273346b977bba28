-- K3 deadline facts: per measure that needs help, what does not depend on the peildatum
-- (termijn_op in int_termijn.sql evaluates them at P). Materialised when a file is built
-- (kpi/data/build.py). Measures listed in geen_hulp_nodig have no row, so K3 leaves them out.
--   deadline        startdatum + k3_maanden months (the month's last day when that month is shorter)
--   gebeurtenis_op  the earliest hulp.gestart_op of the measure (help already running before the
--                   start counts; at P it counts only when on or before P)
with eerste_hulp as (
    select maatregel_id, min(gestart_op) as hulp_op
    from hulp
    group by maatregel_id
)

select
    m.maatregel_id,
    (m.startdatum + to_months(normen().k3_maanden))::date as deadline,
    e.hulp_op as gebeurtenis_op
from maatregelen m
left join eerste_hulp e using (maatregel_id)
where m.maatregel_id not in (select maatregel_id from geen_hulp_nodig where maatregel_id is not null)
