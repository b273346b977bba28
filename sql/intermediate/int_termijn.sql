-- Deadline KPIs (K1-K3 and any later one): the status of a measure at peildatum P from its
-- deadline facts, one table per KPI with at least (maatregel_id, deadline, gebeurtenis_op):
-- int_termijn_<key>.sql, materialised when a file is built (kpi/data/build.py).

-- Status at p, given the first event on or before p (NULL if none) and the deadline.
create macro termijn_status(gebeurtenis, deadline, p) as
    case
        -- deadline still ahead at P: not in the KPI (only D <= P counts), whether or not done
        when deadline > p and gebeurtenis is null then 'open'
        when deadline > p then 'gedaan_voor_deadline'
        when gebeurtenis <= deadline then 'tijdig'
        when gebeurtenis is not null then 'te_laat'
        when deadline <= p then 'verlopen'
        else 'open'
    end;

-- A measure that ended on or before its deadline without the event (dated on or before the end)
-- is left out of a deadline KPI.
create macro termijn_vervalt(einddatum, deadline, gebeurtenis) as
    einddatum is not null and einddatum <= deadline
    and (gebeurtenis is null or gebeurtenis > einddatum);

-- Every measure of the selection s that started on or before p, whose deadline (from the facts table
-- named `feiten`) falls in [van, tot] and that is not left out (termijn_vervalt): the measure's
-- columns, the facts, gebeurtenis_op as it was at p (the event when dated on or before p, else NULL)
-- and the status at p. Rows with a deadline after p have status 'open' or 'gedaan_voor_deadline'.
create macro termijn_op(feiten, s, p, van, tot) as table
    with feit as (
        select * replace (case when gebeurtenis_op <= p then gebeurtenis_op end as gebeurtenis_op)
        from query_table(feiten)
        where deadline between van and tot
    )
    select m.*, f.* exclude (maatregel_id), termijn_status(f.gebeurtenis_op, f.deadline, p) as status
    from selectie_maatregelen(s) m
    join feit f using (maatregel_id)
    where m.startdatum <= p
      and not termijn_vervalt(m.einddatum, f.deadline, f.gebeurtenis_op);

-- The case rows of a deadline KPI: termijn_op with the measure's names, the days from the start to
-- the event and past the deadline, and the fixed worker at p.
create macro termijn_zaken(feiten, s, p, van, tot) as table
    select
        t.maatregel_id, t.jeugdige_id, t.soort, t.cluster_id, t.cluster_naam, t.team_id, t.team_naam,
        t.gemeente_code, t.gemeente_naam, t.startdatum, t.einddatum, t.deadline, t.gebeurtenis_op, t.status,
        (t.gebeurtenis_op - t.startdatum)::integer as dagen_tot_gebeurtenis,
        (p - t.deadline)::integer as dagen_na_deadline,
        w.medewerker_id
    from termijn_op(feiten, s, p, van, tot) t
    left join vaste_medewerker(p) w using (maatregel_id);

-- The counts of a deadline KPI for the selection s: tijdig, te_laat and verlopen (the deadlines on or
-- before p) per month of the deadline (engine.count_deadlines: the monthly trend, or their sum).
create macro termijn_counts(feiten, s, p, van, tot) as table
    select
        date_trunc('month', deadline)::date as maand,
        count(*) filter (where status = 'tijdig')::bigint as tijdig,
        count(*) filter (where status = 'te_laat')::bigint as te_laat,
        count(*) filter (where status = 'verlopen')::bigint as verlopen
    from termijn_op(feiten, s, p, van, tot)
    where status in ('tijdig', 'te_laat', 'verlopen')
    group by all;
