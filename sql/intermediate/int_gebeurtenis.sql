-- Dated events of a measure (contacts, casuistiekbesprekingen, ...).

-- The latest event at each peildatum of the rows (peildatum, maatregel_id) of the relation named `rijen`:
-- max(datum) of the rows of the relation named `gebeurtenissen` (maatregel_id, datum) dated on or
-- before P, as `laatste`; rows without such an event have no row (a left join gives NULL).
create macro laatste_op(rijen, gebeurtenissen) as table
    select r.peildatum, r.maatregel_id, max(g.datum) as laatste
    from query_table(rijen) r
    join query_table(gebeurtenissen) g
      on g.maatregel_id = r.maatregel_id
     and g.datum <= r.peildatum
    group by r.peildatum, r.maatregel_id;
