-- The one place where filters and access scope select rows. Every KPI query
-- reads measures through selectie_maatregelen and workers through
-- selectie_medewerkers, so no page, URL or download can get around the scope.
--   p_*            user filters (NULL = all)
--   scope_clusters list of clusters the user may see (NULL = all)
--   scope_gemeente the only municipality the user may see (NULL = all);
--                  a municipal scope never sees workers.

-- Whether a measure with this cluster, team, municipality and kind is in the selection: the rule
-- of selectie_maatregelen, also applied to rows that carry these attributes themselves (the
-- stored monthly series, sql/reeks/*.sql), where it is a filter instead of a join.
create macro in_selectie(cluster_id, team_id, gemeente_code, soort,
                         p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) as
    (p_cluster is null or cluster_id = p_cluster)
    and (p_team is null or team_id = p_team)
    and (p_gemeente is null or gemeente_code = p_gemeente)
    and (p_soort is null or soort = p_soort)
    and (scope_clusters is null or list_contains(scope_clusters, cluster_id))
    and (scope_gemeente is null or gemeente_code = scope_gemeente);

create macro selectie_maatregelen(p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) as table
    select *
    from stg_maatregelen
    where in_selectie(cluster_id, team_id, gemeente_code, soort,
                      p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente);

-- The measures of the selection running at each peildatum of the list `peildata`
-- (startdatum <= P, einddatum empty or after P), with their peildatum: how the at-P
-- queries start (K5 JR, K7, the data-quality checks on running measures). K5 and K6 write
-- the same join out themselves: through this macro they measured 10-15% slower at
-- national scale (K5 filters on soort first; K6 shares its cluster-queue selection).
create macro lopend_op(peildata, p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) as table
    select p.peildatum, m.*
    from (select unnest(peildata) as peildatum) p
    join selectie_maatregelen(p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) m
      on m.startdatum <= p.peildatum
     and (m.einddatum is null or m.einddatum > p.peildatum);

create macro selectie_medewerkers(p_cluster, p_team, scope_clusters, scope_gemeente) as table
    select *
    from stg_medewerkers
    where (p_cluster is null or cluster_id = p_cluster)
      and (p_team is null or team_id = p_team)
      and (scope_clusters is null or list_contains(scope_clusters, cluster_id))
      and scope_gemeente is null;

-- Working-day arithmetic on the kalender table (kpi/calendar.py).
-- werkdag_plus(d, n): the n-th working day after d (d itself not counted).
create macro werkdag_plus(d, n) as (
    select k2.datum
    from kalender k1
    join kalender k2 on k2.werkdag and k2.werkdag_nr = k1.werkdag_nr + n
    where k1.datum = d
);

-- Deadline KPIs (K1-K3): status of a measure at peildatum p, given the first
-- event on or before p (NULL if none) and its deadline.
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

-- A measure that ended on or before its deadline without the event (dated on
-- or before the end) is left out of a deadline KPI.
create macro termijn_vervalt(einddatum, deadline, gebeurtenis) as
    einddatum is not null and einddatum <= deadline
    and (gebeurtenis is null or gebeurtenis > einddatum);

-- The fixed worker of a measure at p (the lowest id when there are several).
create macro vaste_medewerker(p) as table
    select maatregel_id, min(medewerker_id) as medewerker_id
    from toewijzingen
    where rol = 'vast' and van <= p and (tot is null or tot > p)
    group by maatregel_id;

-- K6 queue order of the colour codes: 'geen' (no safety assessment yet: triage first), then
-- rood, oranje, groen. Also "the most severe colour" when a day has several assessments.
create macro kleur_rangen() as table
    select *
    from (values ('geen', 0), ('rood', 1), ('oranje', 2), ('groen', 3)) as r(kleurcode, kleur_rang);

-- K4 capacity at each peildatum of the list `peildata` (sql/kpi/k4_capaciteit.sql); rows that
-- depend on no filter, so kpi/reeksen.py stores them for the month ends of a file and
-- Database then reads these two through vaste_zaken_op / zonder_vaste_op (stored where
-- present, this live definition for the other peildata).
-- vaste_zaken_live: (peildatum, medewerker_id, jeugdige_id) of every running measure with a
-- running rol = vast assignment at that peildatum.
create macro vaste_zaken_live(peildata) as table
    select p.peildatum, t.medewerker_id, m.jeugdige_id
    from (select unnest(peildata) as peildatum) p
    join toewijzingen t
      on t.rol = 'vast' and t.van <= p.peildatum and (t.tot is null or t.tot > p.peildatum)
    join maatregelen m
      on m.maatregel_id = t.maatregel_id
     and m.startdatum <= p.peildatum and (m.einddatum is null or m.einddatum > p.peildatum);

-- zonder_vaste_live: (peildatum, maatregel_id, jeugdige_id) of every running OTS, VOTS or
-- voogdij measure (not JR) whose young person has no running fixed worker on any measure.
create macro zonder_vaste_live(peildata) as table
    select p.peildatum, m.maatregel_id, m.jeugdige_id
    from (select unnest(peildata) as peildatum) p
    join maatregelen m
      on m.startdatum <= p.peildatum and (m.einddatum is null or m.einddatum > p.peildatum)
    anti join vaste_zaken_live(peildata) v
      on v.peildatum = p.peildatum and v.jeugdige_id = m.jeugdige_id
    where m.soort <> 'JR';

create macro vaste_zaken_op(peildata) as table
    select * from vaste_zaken_live(peildata);

create macro zonder_vaste_op(peildata) as table
    select * from zonder_vaste_live(peildata);
