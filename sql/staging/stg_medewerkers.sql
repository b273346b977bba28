-- Workers with the kind and cluster of their own team.
with medewerkers_bron as (
    select * from medewerkers
),
met_team as (
    select
        w.*,
        t.cluster_id,
        t.naam as team_naam,
        t.soort as team_soort,
        c.naam as cluster_naam
    from medewerkers_bron w
    join teams t using (team_id)
    join clusters c on c.cluster_id = t.cluster_id
)
select * from met_team
