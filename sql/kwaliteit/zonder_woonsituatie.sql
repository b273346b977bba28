-- Datakwaliteit: running measures without a place of residence. One row per measure
-- running at each peildatum (startdatum <= P, einddatum empty or after P);
-- bevinding = no verblijf period running at P (van <= P, tot empty or after P), the
-- same test that makes K5's woonsituatie 'onbekend'. Also: the last verblijf period that
-- ended on or before P (when the gap began) and the fixed worker at $peildatum.
-- Choices: docs/datakwaliteit.md.
with lopend as (
    select *
    from lopend_op($selectie, $peildata::date[])
),

verblijf_op_p as (
    select distinct l.peildatum, l.maatregel_id
    from lopend l
    join verblijf v
      on v.maatregel_id = l.maatregel_id
     and v.van <= l.peildatum
     and (v.tot is null or v.tot > l.peildatum)
),

vorig_verblijf as (
    select l.peildatum, l.maatregel_id, max(v.tot) as verblijf_tot, arg_max(v.woonsituatie, v.tot) as woonsituatie
    from lopend l
    join verblijf v
      on v.maatregel_id = l.maatregel_id
     and v.tot <= l.peildatum
    group by l.peildatum, l.maatregel_id
)

select
    l.peildatum,
    l.maatregel_id, l.jeugdige_id, l.soort, l.cluster_id, l.cluster_naam, l.team_id, l.team_naam,
    l.startdatum,
    w.medewerker_id,
    o.maatregel_id is null as bevinding,
    vv.verblijf_tot as laatste_verblijf_tot,
    vv.woonsituatie as laatste_woonsituatie,
    (l.peildatum - coalesce(vv.verblijf_tot, l.startdatum))::integer as dagen_zonder_verblijf
from lopend l
left join verblijf_op_p o using (peildatum, maatregel_id)
left join vorig_verblijf vv using (peildatum, maatregel_id)
left join vaste_medewerker($peildatum) w using (maatregel_id)
