-- The measures of the selection running at each peildatum of the list `peildata`
-- (startdatum <= P, einddatum empty or after P), with their peildatum: where every at-P query starts.
create macro lopend_op(s, peildata) as table
    select p.peildatum, m.*
    from (select unnest(peildata) as peildatum) p
    join selectie_maatregelen(s) m
      on m.startdatum <= p.peildatum
     and (m.einddatum is null or m.einddatum > p.peildatum);
