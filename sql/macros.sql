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
