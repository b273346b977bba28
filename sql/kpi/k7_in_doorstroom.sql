-- K7 In- en doorstroomteam work rules: the case rows at each peildatum of $peildata (int_in_doorstroom).
select * from int_in_doorstroom($selectie, $peildata::date[])
order by peildatum, cluster_id, team_id, maatregel_id
