-- K6 vaste jeugdzorgwerker trend: the rows of engine.reeks("vaste_jzw") at the precomputed peildata ($peildata that
-- are in meta reeksen_peildata), read from the table kpi/reeksen.py wrote at build time.
-- Each row depends only on its own maatregel_id, so selecting rows here by the measure's own
-- cluster, team, municipality and kind, stored with the row, through in_selectie (the rule of
-- selectie_maatregelen: filters and access scope) gives the rows the live query
-- (sql/kpi/k6_vaste_jzw.sql) returns; volgorde is that query's order.
select r.peildatum, r.met_vaste_jzw, r.werkwijze, r.op_monitorlijst
from reeks_vaste_jzw r
where r.peildatum in (select unnest($peildata::date[]))
  and in_selectie(r.cluster_id, r.team_id, r.gemeente_code, r.soort,
                  $cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
order by r.peildatum, r.volgorde
