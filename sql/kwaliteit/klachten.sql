-- Datakwaliteit: the complaint registration (../shared/spec/klachten.md). One row per complaint
-- received in [$van, $tot] and on or before $peildatum, with a flag per check and the population
-- each check's share is of; the checks (kpi/metrics/datakwaliteit_klachten.py) share this query as the
-- K6 checks share theirs. Only what the import does not already reject (docs/klachten.md):
--   stap_na_afsluiten        a step of the route dated after afgesloten_op   (of: afgesloten)
--   gesprek_na_commissie     klachtgesprek_op after commissie_ontvangen_op   (of: naar_commissie)
--   uitspraak_zonder_oordeel uitspraak_op, but no part has an oordeel        (of: met_uitspraak)
--   afloop_uitspraak_zonder  afloop 'uitspraak' without uitspraak_op         (of: afgesloten)
--   lang_na_einde            received more than normen().klacht_na_einde_dagen days after the measure ended
--                                                                            (of: met_maatregel)
-- No look-ahead: a date after $peildatum counts as not (yet) there.
-- Selection (klachten.md, "Selection"): a complaint's team is team_id, else its measure's team,
-- and its cluster that team's cluster: the cluster and team filters and the cluster scope apply
-- to that team. The municipality and kind filters and a municipal scope apply to its measure, so a
-- complaint without a measure drops out under them.
with maatregel as (
    select maatregel_id, jeugdige_id, soort, team_id, einddatum
    from selectie_maatregelen({cluster: null, team: null, gemeente: $selectie.gemeente, soort: $selectie.soort,
                               scope_clusters: null, scope_gemeente: $selectie.scope_gemeente})
),

klacht as (
    select
        k.klacht_id,
        k.ontvangen_op,
        k.maatregel_id,
        m.jeugdige_id,
        m.soort,
        coalesce(k.team_id, m.team_id) as klacht_team_id,
        m.einddatum as maatregel_einddatum,
        case when k.klachtgesprek_op <= $peildatum then k.klachtgesprek_op end as klachtgesprek_op,
        case when k.verslag_op <= $peildatum then k.verslag_op end as verslag_op,
        case when k.commissie_ontvangen_op <= $peildatum then k.commissie_ontvangen_op end as commissie_ontvangen_op,
        case when k.hoorzitting_op <= $peildatum then k.hoorzitting_op end as hoorzitting_op,
        case when k.uitspraak_op <= $peildatum then k.uitspraak_op end as uitspraak_op,
        case when k.reactie_bestuur_op <= $peildatum then k.reactie_bestuur_op end as reactie_bestuur_op,
        case when k.afgesloten_op <= $peildatum then k.afgesloten_op end as afgesloten_op,
        case when k.afgesloten_op <= $peildatum then k.afloop end as afloop
    from klachten k
    left join maatregel m using (maatregel_id)
    where k.ontvangen_op between $van and $tot
      and k.ontvangen_op <= $peildatum
      and (m.maatregel_id is not null
           or (k.maatregel_id is null and $selectie.gemeente is null and $selectie.soort is null
               and $selectie.scope_gemeente is null))
),

selectie as (
    select k.*, t.team_id, t.naam as team_naam, c.cluster_id, c.naam as cluster_naam
    from klacht k
    join teams t on t.team_id = k.klacht_team_id
    join clusters c on c.cluster_id = t.cluster_id
    where ($selectie.scope_clusters is null or list_contains($selectie.scope_clusters, c.cluster_id))
      and ($selectie.cluster is null or c.cluster_id = $selectie.cluster)
      and ($selectie.team is null or t.team_id = $selectie.team)
),

beoordeeld as (
    select klacht_id, count(oordeel) as beoordeelde_onderdelen
    from klachtonderdelen
    where klacht_id in (select klacht_id from selectie)
    group by klacht_id
),

route as (
    select
        s.*,
        coalesce(b.beoordeelde_onderdelen, 0) as beoordeelde_onderdelen,
        greatest(s.klachtgesprek_op, s.verslag_op, s.commissie_ontvangen_op, s.hoorzitting_op, s.uitspraak_op,
                 s.reactie_bestuur_op) as laatste_stap_op
    from selectie s
    left join beoordeeld b using (klacht_id)
)

select
    ontvangen_op as datum,
    maatregel_id, jeugdige_id, soort, cluster_id, cluster_naam, team_id, team_naam,
    null::varchar as medewerker_id,
    klacht_id,
    ontvangen_op,
    klachtgesprek_op,
    verslag_op,
    commissie_ontvangen_op,
    hoorzitting_op,
    uitspraak_op,
    reactie_bestuur_op,
    afgesloten_op,
    afloop,
    laatste_stap_op,
    beoordeelde_onderdelen,
    maatregel_einddatum,
    (ontvangen_op - maatregel_einddatum)::integer as dagen_na_einde,
    afgesloten_op is not null as afgesloten,
    commissie_ontvangen_op is not null as naar_commissie,
    uitspraak_op is not null as met_uitspraak,
    maatregel_id is not null as met_maatregel,
    coalesce(laatste_stap_op > afgesloten_op, false) as stap_na_afsluiten,
    coalesce(klachtgesprek_op > commissie_ontvangen_op, false) as gesprek_na_commissie,
    uitspraak_op is not null and beoordeelde_onderdelen = 0 as uitspraak_zonder_oordeel,
    coalesce(afloop = 'uitspraak' and uitspraak_op is null, false) as afloop_uitspraak_zonder,
    coalesce(ontvangen_op - maatregel_einddatum > normen().klacht_na_einde_dagen, false) as lang_na_einde
from route
order by ontvangen_op, cluster_id, team_id, klacht_id
