-- The one place where filters and access scope select rows. Every KPI query
-- reads measures through selectie_maatregelen and workers through
-- selectie_medewerkers, so no page, URL or download can get around the scope.
--   p_*            user filters (NULL = all)
--   scope_clusters list of clusters the user may see (NULL = all)
--   scope_gemeente the only municipality the user may see (NULL = all);
--                  a municipal scope never sees workers.

create macro selectie_maatregelen(p_cluster, p_team, p_gemeente, p_soort, scope_clusters, scope_gemeente) as table
    select *
    from stg_maatregelen
    where (p_cluster is null or cluster_id = p_cluster)
      and (p_team is null or team_id = p_team)
      and (p_gemeente is null or gemeente_code = p_gemeente)
      and (p_soort is null or soort = p_soort)
      and (scope_clusters is null or list_contains(scope_clusters, cluster_id))
      and (scope_gemeente is null or gemeente_code = scope_gemeente);

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
