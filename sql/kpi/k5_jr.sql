-- K5 JR (separate figure): see the young person once every four weeks.
-- One row per running JR measure per peildatum that has run at least
-- $k5_jr_dagen days (P - startdatum >= $k5_jr_dagen).
-- Complies when a contact with the young person (met_jeugdige, any vorm but
-- 'overleg') is dated in the last $k5_jr_dagen days up to P: the days
-- (P - $k5_jr_dagen, P], i.e. P - datum < $k5_jr_dagen. Choices: docs/keuzes-k5-k7.md.
with lopend as (
    select *
    from lopend_op($peildata::date[], $cluster, $team, $gemeente, $soort, $scope_clusters, $scope_gemeente)
    where soort = 'JR'
      and peildatum - startdatum >= $k5_jr_dagen
),

-- The worker to address: the fixed worker at P (lowest id when several),
-- else the running in_doorstroom worker.
werker_op_p as (
    select l.peildatum, l.maatregel_id, t.medewerker_id, t.rol as medewerker_rol
    from lopend l
    join toewijzingen t
      on t.maatregel_id = l.maatregel_id
     and t.van <= l.peildatum
     and (t.tot is null or t.tot > l.peildatum)
    qualify row_number() over (
        partition by l.peildatum, l.maatregel_id
        order by (t.rol = 'vast') desc, t.medewerker_id) = 1
),

contact_met_jeugdige as (
    select c.maatregel_id, c.datum
    from contacten c
    where c.met_jeugdige
      and c.vorm <> 'overleg'
      and c.maatregel_id in (select maatregel_id from lopend)
),

laatste as (
    select l.peildatum, l.maatregel_id, max(c.datum) as laatste_contact
    from lopend l
    join contact_met_jeugdige c
      on c.maatregel_id = l.maatregel_id
     and c.datum <= l.peildatum
    group by l.peildatum, l.maatregel_id
)

select
    l.peildatum,
    l.maatregel_id, l.jeugdige_id, l.soort, l.cluster_id, l.cluster_naam, l.team_id, l.team_naam,
    l.gemeente_code, l.gemeente_naam, l.startdatum,
    w.medewerker_id, w.medewerker_rol,
    (l.peildatum - l.startdatum)::integer as dagen_lopend,
    c.laatste_contact,
    (l.peildatum - c.laatste_contact)::integer as dagen_sinds_contact,
    coalesce(l.peildatum - c.laatste_contact < $k5_jr_dagen, false) as voldoet
from lopend l
left join laatste c using (peildatum, maatregel_id)
left join werker_op_p w using (peildatum, maatregel_id)
order by l.peildatum, l.cluster_id, l.team_id, l.maatregel_id
