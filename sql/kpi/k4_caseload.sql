-- K4 Caseload per jeugdzorgwerker at each peildatum in $peildata (int_caseload): jeugdzorgwerkers of
-- jb teams (norm caseload_norm) and, shown separately, of jr teams (norm caseload_norm_jr); the
-- in_doorstroom teams are K7.
select * from int_caseload($selectie, $peildata::date[])
order by peildatum, cluster_id, team_id, medewerker_id
