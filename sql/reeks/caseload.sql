-- K4 caseload trend: the rows of engine.reeks("caseload") at the precomputed peildata ($peildata that
-- are in meta reeksen_peildata), read from the table kpi/reeksen.py wrote at build time.
-- Each row depends only on its own medewerker_id, so selecting rows here through
-- selectie_medewerkers (filters and access scope) gives the rows the live query
-- (sql/kpi/k4_caseload.sql) returns; volgorde is that query's order.
select r.peildatum, r.team_soort, r.fte, r.caseload, r.boven_norm, r.caseload_per_fte, r.norm
from reeks_caseload r
semi join selectie_medewerkers($cluster, $team, $scope_clusters, $scope_gemeente) s using (medewerker_id)
where r.peildatum in (select unnest($peildata::date[]))
order by r.peildatum, r.volgorde
