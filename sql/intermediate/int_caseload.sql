-- K4: caseloads of workers and the rows behind the capacity gap, at each peildatum of `peildata`.

-- The rows behind the caseloads and the capacity gap; they depend on no filter or scope, so the build
-- step stores them for a file's month ends and queries read them through series_vaste_zaken /
-- series_zonder_vaste (kpi/data/build.py: stored rows for the stored peildata, these macros for the others).
-- int_vaste_zaken: (peildatum, medewerker_id, jeugdige_id) of every running measure with a running
-- rol = vast assignment at that peildatum.
create macro int_vaste_zaken(peildata) as table
    select p.peildatum, t.medewerker_id, m.jeugdige_id
    from (select unnest(peildata) as peildatum) p
    join toewijzingen t
      on t.rol = 'vast' and t.van <= p.peildatum and (t.tot is null or t.tot > p.peildatum)
    join maatregelen m
      on m.maatregel_id = t.maatregel_id
     and m.startdatum <= p.peildatum and (m.einddatum is null or m.einddatum > p.peildatum);

-- int_zonder_vaste: (peildatum, maatregel_id, jeugdige_id) of every running OTS, VOTS or voogdij
-- measure (not JR) whose young person has no running fixed worker on any measure.
create macro int_zonder_vaste(peildata) as table
    select p.peildatum, m.maatregel_id, m.jeugdige_id
    from (select unnest(peildata) as peildatum) p
    join maatregelen m
      on m.startdatum <= p.peildatum and (m.einddatum is null or m.einddatum > p.peildatum)
    anti join int_vaste_zaken(peildata) v
      on v.peildatum = p.peildatum and v.jeugdige_id = m.jeugdige_id
    where m.soort <> 'JR';

-- One row per jeugdzorgwerker of a jb or jr team of the selection employed at each peildatum
-- (in_dienst <= P, uit_dienst empty or after P): the distinct young people of running measures with a
-- running rol = vast assignment to them (caseload), against the norm of their team's kind.
create macro int_caseload(s, peildata) as table
    with werkers as (
        select p.peildatum, w.*
        from (select unnest(peildata) as peildatum) p
        join selectie_medewerkers(s) w
          on w.in_dienst <= p.peildatum and (w.uit_dienst is null or w.uit_dienst > p.peildatum)
        where w.functie = 'jeugdzorgwerker'
          and w.team_soort in ('jb', 'jr')
    ),

    caseloads as (
        select peildatum, medewerker_id, count(distinct jeugdige_id)::integer as caseload
        from series_vaste_zaken(peildata)
        group by peildatum, medewerker_id
    ),

    per_werker as (
        select
            w.peildatum, w.medewerker_id, w.team_id, w.team_naam, w.team_soort,
            w.cluster_id, w.cluster_naam, w.fte,
            coalesce(c.caseload, 0) as caseload,
            case when w.team_soort = 'jr' then normen().caseload_norm_jr else normen().caseload_norm end as norm
        from werkers w
        left join caseloads c using (peildatum, medewerker_id)
    )

    select *, caseload / fte as caseload_per_fte, caseload / fte > norm as boven_norm
    from per_werker;
