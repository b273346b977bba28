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
-- Selection (klachten.md, "Selection"): selectie_klachten (int_selectie.sql): a complaint's team is
-- team_id, else its measure's team, and its cluster that team's cluster: the cluster and team filters
-- and the cluster scope apply to that team. The municipality and kind filters and a municipal scope
-- apply to its measure, so a complaint without a measure drops out under them. Measure and
-- young-person ids only for a user who may see complaints at case level (scope_klachten).
with selectie as (
    select
        klacht_id, ontvangen_op, maatregel_id, jeugdige_id, soort, met_maatregel, maatregel_einddatum,
        cluster_id, cluster_naam, team_id, team_naam, klachtgesprek_op, verslag_op, commissie_ontvangen_op,
        hoorzitting_op, uitspraak_op, reactie_bestuur_op, afgesloten_op, afloop
    from klachten_op($selectie, $peildatum)  -- as known at P (int_klacht.sql)
    where ontvangen_op between $van and $tot
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
    met_maatregel,
    coalesce(laatste_stap_op > afgesloten_op, false) as stap_na_afsluiten,
    coalesce(klachtgesprek_op > commissie_ontvangen_op, false) as gesprek_na_commissie,
    uitspraak_op is not null and beoordeelde_onderdelen = 0 as uitspraak_zonder_oordeel,
    coalesce(afloop = 'uitspraak' and uitspraak_op is null, false) as afloop_uitspraak_zonder,
    coalesce(ontvangen_op - maatregel_einddatum > normen().klacht_na_einde_dagen, false) as lang_na_einde
from route
order by ontvangen_op, cluster_id, team_id, klacht_id
