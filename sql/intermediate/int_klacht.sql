-- K8 complaints at peildatum p (../shared/spec/klachten.md, "Definitions"): one row per complaint of
-- the selection s received on or before p, as it was known at p (a route date after p is NULL).
--   open_op_peildatum     not closed on or before p
--   stadium, stadium_op   the latest step of the route dated on or before p ('ontvangen' when none;
--                         on a tie the later step of the route)
--   leeftijd_dagen        p - ontvangen_op
--   <term>_deadline       the deadline of each of the four terms: its start + the term (NULL when the
--                         start is empty or after p); <term>_op the event as known at p
--   <term>_status         termijn_status at p (int_termijn.sql: tijdig, te_laat, verlopen; open or
--                         gedaan_voor_deadline for a deadline after p); NULL when the complaint was
--                         closed on or before the deadline without the event (termijn_vervalt, the rule
--                         of K1-K3) or there is no deadline
-- Which deadlines, receipts and rulings fall in the period is for the caller (sql/kpi/k8_*.sql).
create macro klachten_op(s, p) as table
    with bekend as (
        select * replace (
            case when klachtgesprek_op <= p then klachtgesprek_op end as klachtgesprek_op,
            case when verslag_op <= p then verslag_op end as verslag_op,
            case when commissie_ontvangen_op <= p then commissie_ontvangen_op end as commissie_ontvangen_op,
            case when hoorzitting_op <= p then hoorzitting_op end as hoorzitting_op,
            case when uitspraak_op <= p then uitspraak_op end as uitspraak_op,
            case when reactie_bestuur_op <= p then reactie_bestuur_op end as reactie_bestuur_op,
            case when afgesloten_op <= p then afgesloten_op end as afgesloten_op,
            case when afgesloten_op <= p then afloop end as afloop)
        from selectie_klachten(s)
        where ontvangen_op <= p
    ),
    termijn as (
        select *,
            greatest(klachtgesprek_op, verslag_op, commissie_ontvangen_op, hoorzitting_op, uitspraak_op,
                     reactie_bestuur_op) as laatste_stap_op,
            klachtgesprek_op + normen().klacht_verslag_dagen as verslag_deadline,
            commissie_ontvangen_op + normen().klacht_hoorzitting_dagen as hoorzitting_deadline,
            hoorzitting_op + normen().klacht_uitspraak_dagen as uitspraak_deadline,
            uitspraak_op + normen().klacht_reactie_bestuur_dagen as reactie_bestuur_deadline
        from bekend
    )
    select
        * exclude (laatste_stap_op),
        afgesloten_op is null as open_op_peildatum,
        case
            when laatste_stap_op is null then 'ontvangen'
            when reactie_bestuur_op = laatste_stap_op then 'reactie_bestuur'
            when uitspraak_op = laatste_stap_op then 'uitspraak'
            when hoorzitting_op = laatste_stap_op then 'hoorzitting'
            when commissie_ontvangen_op = laatste_stap_op then 'commissie'
            when verslag_op = laatste_stap_op then 'verslag'
            else 'klachtgesprek'
        end as stadium,
        coalesce(laatste_stap_op, ontvangen_op) as stadium_op,
        (p - ontvangen_op)::integer as leeftijd_dagen,
        case when verslag_deadline is not null
              and not termijn_vervalt(afgesloten_op, verslag_deadline, verslag_op)
             then termijn_status(verslag_op, verslag_deadline, p) end as verslag_status,
        case when hoorzitting_deadline is not null
              and not termijn_vervalt(afgesloten_op, hoorzitting_deadline, hoorzitting_op)
             then termijn_status(hoorzitting_op, hoorzitting_deadline, p) end as hoorzitting_status,
        case when uitspraak_deadline is not null
              and not termijn_vervalt(afgesloten_op, uitspraak_deadline, uitspraak_op)
             then termijn_status(uitspraak_op, uitspraak_deadline, p) end as uitspraak_status,
        case when reactie_bestuur_deadline is not null
              and not termijn_vervalt(afgesloten_op, reactie_bestuur_deadline, reactie_bestuur_op)
             then termijn_status(reactie_bestuur_op, reactie_bestuur_deadline, p) end as reactie_bestuur_status
    from termijn;
