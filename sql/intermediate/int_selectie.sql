-- The one place where filters and access scope decide which rows a query sees. Every query reads
-- measures through selectie_maatregelen (or lopend_op, which uses it) and workers through
-- selectie_medewerkers, with the selection struct $selectie that kpi/core/params.py builds:
--   {cluster, team, gemeente, soort: the user's filters (NULL = all; a filter that does not apply
--    to the KPI is already NULL), scope_clusters: the clusters the user may see (NULL = all),
--    scope_gemeente: the only municipality the user may see (NULL = all), scope_klachten: how much of
--    the complaints the user may see (selectie_klachten, below)}.
-- The membership macros read the row's own columns (cluster_id, team_id, gemeente_code, soort),
-- so the stored series rows, which carry these columns, are selected by the same rule.

-- Access only: what the user may see, whatever the filters.
create macro in_scope(s) as
    (s.scope_clusters is null or list_contains(s.scope_clusters, cluster_id))
    and (s.scope_gemeente is null or gemeente_code = s.scope_gemeente);

-- A measure is in the selection: in the scope and through every filter.
create macro in_selectie(s) as
    in_scope(s)
    and (s.cluster is null or cluster_id = s.cluster)
    and (s.team is null or team_id = s.team)
    and (s.gemeente is null or gemeente_code = s.gemeente)
    and (s.soort is null or soort = s.soort);

-- The K6 queue of a cluster is numbered over every measure of the cluster the user may see: the
-- other filters show the true place in it and do not renumber it.
create macro in_wachtrij(s) as
    in_scope(s)
    and (s.cluster is null or cluster_id = s.cluster);

create macro selectie_maatregelen(s) as table
    select * from stg_maatregelen where in_selectie(s);

-- Workers named beside the measures the user sees: anyone, but never for a municipal scope.
create macro medewerkers_zichtbaar(s) as
    s.scope_gemeente is null;

-- A worker is in the selection by the cluster and team of their own team (the filters on
-- municipality and kind do not apply to workers).
create macro in_selectie_medewerker(s) as
    medewerkers_zichtbaar(s)
    and (s.scope_clusters is null or list_contains(s.scope_clusters, cluster_id))
    and (s.cluster is null or cluster_id = s.cluster)
    and (s.team is null or team_id = s.team);

create macro selectie_medewerkers(s) as table
    select * from stg_medewerkers where in_selectie_medewerker(s);

-- Every worker that may be named beside a measure of the selection (of whatever team or cluster).
create macro zichtbare_medewerkers(s) as table
    select * from stg_medewerkers where medewerkers_zichtbaar(s);

-- Complaints (../shared/spec/klachten.md, "Selection"): a complaint's team is its team_id, else its
-- measure's team, and its cluster that team's cluster; its municipality and kind are its measure's
-- (NULL without a measure). The same membership rule then gives the spec's rule: the cluster and team
-- filters and the cluster scope apply to the complaint's team, the municipality and kind filters and a
-- municipal scope to its measure (a complaint without one drops out under them).
-- What the user may see of complaints is s.scope_klachten (kpi/core/params.py Scope.klachten):
--   'zaken' every column; 'lijst' no measure or young-person ids (the ids come back NULL, met_maatregel
--   says whether there is a measure); 'geen' no complaint at all.
create macro klachten_zichtbaar(s) as
    coalesce(s.scope_klachten, 'geen') <> 'geen';

create macro klachtzaken_zichtbaar(s) as
    s.scope_klachten = 'zaken';

create macro selectie_klachten(s) as table
    select
        case when klachtzaken_zichtbaar(s) then maatregel_id end as maatregel_id,
        case when klachtzaken_zichtbaar(s) then jeugdige_id end as jeugdige_id,
        * exclude (maatregel_id, jeugdige_id)
    from stg_klachten
    where in_selectie(s) and klachten_zichtbaar(s);
