-- Measures with the names and cluster of their team and municipality.
-- A measure belongs to the cluster of its responsible team.
with maatregelen_bron as (
    select * from maatregelen
),
met_team as (
    select
        m.*,
        t.cluster_id,
        t.naam as team_naam,
        t.soort as team_soort,
        c.naam as cluster_naam,
        c.regio,
        g.naam as gemeente_naam
    from maatregelen_bron m
    join teams t using (team_id)
    join clusters c on c.cluster_id = t.cluster_id
    join gemeenten g using (gemeente_code)
)
select * from met_team
