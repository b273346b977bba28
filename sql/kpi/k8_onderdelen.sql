-- K8 Klachten: the parts of the complaints of the selection received on or before $peildatum, with
-- their categorie and the committee's oordeel as known at P (NULL unless the ruling is dated on or
-- before P), and the period flags of their complaint (sql/kpi/k8_klachten.sql).
select
    k.klacht_id, o.onderdeel_nr, o.categorie,
    case when k.uitspraak_op is not null then o.oordeel end as oordeel,
    k.cluster_id, k.cluster_naam, k.team_id, k.team_naam, k.soort, k.ontvangen_op, k.uitspraak_op,
    k.ontvangen_op between $van and $tot as ontvangen,
    coalesce(k.uitspraak_op between $van and $tot, false) as beoordeeld_in_periode
from klachten_op($selectie, $peildatum) k
join klachtonderdelen o using (klacht_id)
order by k.ontvangen_op, k.klacht_id, o.onderdeel_nr
