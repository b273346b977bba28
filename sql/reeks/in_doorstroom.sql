-- K7 in-/doorstroom trend: the rows of engine.reeks("in_doorstroom") at the precomputed peildata ($peildata that
-- are in meta reeksen_peildata), read from the table kpi/reeksen.py wrote at build time.
-- Each row depends only on its own maatregel_id, so selecting rows here through
-- selectie_maatregelen (filters and access scope) gives the rows the live query
-- (sql/kpi/k7_in_doorstroom.sql) returns; volgorde is that query's order.
select r.peildatum, r.contact_ok, r.casuistiek_ok, r.dagen_in_team
from reeks_in_doorstroom r
semi join selectie_maatregelen($cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente) s using (maatregel_id)
where r.peildatum in (select unnest($peildata::date[]))
order by r.peildatum, r.volgorde
