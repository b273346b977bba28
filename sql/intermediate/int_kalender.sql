-- Working-day arithmetic on the kalender table (kpi/core/kalender.py).
-- werkdag_plus(d, n): the n-th working day after d (d itself not counted).
create macro werkdag_plus(d, n) as (
    select k2.datum
    from kalender k1
    join kalender k2 on k2.werkdag and k2.werkdag_nr = k1.werkdag_nr + n
    where k1.datum = d
);
