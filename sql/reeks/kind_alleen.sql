-- K5 kind-alleen trend: the rows of engine.reeks("kind_alleen") at the precomputed peildata ($peildata that
-- are in meta reeksen_peildata), read from the table kpi/reeksen.py wrote at build time.
-- Each row depends only on its own maatregel_id, so selecting rows here by the measure's own
-- cluster, team, municipality and kind, stored with the row, through in_selectie (the rule of
-- selectie_maatregelen: filters and access scope) gives the rows the live query
-- (sql/kpi/k5_kind_alleen.sql) returns; volgorde is that query's order.
select r.peildatum, r.voldoet_gevalideerd, r.voldoet_geregistreerd
from reeks_kind_alleen r
where r.peildatum in (select unnest($peildata::date[]))
  and in_selectie(r.cluster_id, r.team_id, r.gemeente_code, r.soort,
                  $cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
order by r.peildatum, r.volgorde
