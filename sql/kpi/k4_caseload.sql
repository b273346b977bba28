-- K4 Caseload per jeugdzorgwerker at each peildatum in $peildata.
-- Covers jeugdzorgwerkers of jb teams (norm $caseload_norm) and, shown
-- separately, of jr teams (norm $caseload_norm_jr); in_doorstroom teams are K7.
-- Employed at P: in_dienst <= P and (uit_dienst empty or after P).
-- Caseload: distinct young people of running measures with a running
-- rol = vast assignment to this worker at P.
with peildata as (
    select unnest($peildata::date[]) as peildatum
),

werkers as (
    select p.peildatum, w.*
    from peildata p
    join selectie_medewerkers($cluster, $team, $scope_clusters, $scope_gemeente) w
      on w.in_dienst <= p.peildatum and (w.uit_dienst is null or w.uit_dienst > p.peildatum)
    where w.functie = 'jeugdzorgwerker'
      and w.team_soort in ('jb', 'jr')
),

caseloads as (
    select peildatum, medewerker_id, count(distinct jeugdige_id)::integer as caseload
    from vaste_zaken_op($peildata::date[])
    group by peildatum, medewerker_id
),

per_werker as (
    select
        w.peildatum, w.medewerker_id, w.team_id, w.team_naam, w.team_soort,
        w.cluster_id, w.cluster_naam, w.fte,
        coalesce(c.caseload, 0) as caseload,
        case when w.team_soort = 'jr' then $caseload_norm_jr else $caseload_norm end as norm
    from werkers w
    left join caseloads c using (peildatum, medewerker_id)
)

select
    *,
    caseload / fte as caseload_per_fte,
    caseload / fte > norm as boven_norm
from per_werker
order by peildatum, cluster_id, team_id, medewerker_id
