-- K8 Klachten, the denominator of "per 100 jeugdigen": the measures of the selection running on at
-- least one day of [$van, min($tot, $peildatum)] (running on day d: startdatum <= d < einddatum, as in
-- lopend_op), with their young person; the engine counts distinct jeugdige_id (per cluster or team).
select maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam
from selectie_maatregelen($selectie)
where startdatum <= least($tot, $peildatum)
  and (einddatum is null or einddatum > greatest(startdatum, $van))
order by maatregel_id
