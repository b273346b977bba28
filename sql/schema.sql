-- Typed tables of the data contract (../shared/spec/data-contract.md).
-- kpi/data/contract.py declares the same columns; tests/test_registry.py keeps the two in step.
-- Loaded by the build step (kpi/data/build.py) into a new database file, then filled and swapped in.

create table clusters (
    cluster_id varchar primary key,
    naam varchar not null,
    regio varchar not null
);

create table teams (
    team_id varchar primary key,
    cluster_id varchar not null,
    naam varchar not null,
    soort varchar not null
);

create table gemeenten (
    gemeente_code varchar primary key,
    naam varchar not null,
    cluster_id varchar not null
);

create table medewerkers (
    medewerker_id varchar primary key,
    functie varchar not null,
    team_id varchar not null,
    fte double not null,
    in_dienst date not null,
    uit_dienst date
);

create table maatregelen (
    maatregel_id varchar primary key,
    jeugdige_id varchar not null,
    soort varchar not null,
    startdatum date not null,
    einddatum date,
    gemeente_code varchar not null,
    team_id varchar not null,
    kennisgeving_op date,
    geboortejaar integer
);

create table verblijf (
    maatregel_id varchar not null,
    van date not null,
    tot date,
    woonsituatie varchar not null
);

create table toewijzingen (
    maatregel_id varchar not null,
    medewerker_id varchar not null,
    van date not null,
    tot date,
    rol varchar not null
);

create table contacten (
    contact_id varchar primary key,
    maatregel_id varchar not null,
    medewerker_id varchar,
    datum date not null,
    vorm varchar not null,
    met_jeugdige boolean not null,
    met_ouders boolean not null,
    kind_alleen boolean not null,
    andere_aanwezigen boolean,
    door varchar,
    aanvangsgesprek boolean
);

create table plannen (
    maatregel_id varchar not null,
    vastgesteld_op date not null
);

create table hulp (
    hulp_id varchar primary key,
    maatregel_id varchar not null,
    hulpvorm varchar not null,
    aangevraagd_op date not null,
    gestart_op date,
    afgewezen boolean
);

create table veiligheidsinschattingen (
    maatregel_id varchar not null,
    datum date not null,
    kleurcode varchar not null
);

create table monitorlijst (
    maatregel_id varchar not null,
    op_lijst date not null,
    van_lijst date
);

create table casuistiekbesprekingen (
    maatregel_id varchar not null,
    datum date not null
);

create table geen_hulp_nodig (
    maatregel_id varchar
);

-- Complaints (../shared/spec/klachten.md): optional, both or neither; docs/klachten.md.
create table klachten (
    klacht_id varchar primary key,
    ontvangen_op date not null,
    kanaal varchar not null,
    maatregel_id varchar,
    team_id varchar,
    indiener varchar not null,
    ondersteuning varchar not null,
    bemiddelaar boolean,
    wisseling_gevraagd boolean,
    klachtgesprek_op date,
    verslag_op date,
    commissie_ontvangen_op date,
    hoorzitting_op date,
    uitspraak_op date,
    reactie_bestuur_op date,
    afgesloten_op date,
    afloop varchar
);

create table klachtonderdelen (
    klacht_id varchar not null,
    onderdeel_nr integer not null,
    categorie varchar not null,
    oordeel varchar,
    unique (klacht_id, onderdeel_nr)
);

-- Working-day calendar (kpi/core/kalender.py), 2000-01-01 until well after the export date.
-- werkdag_nr counts working days up to and including datum.
create table kalender (
    datum date primary key,
    werkdag boolean not null,
    werkdag_nr integer not null,
    feestdag varchar
);

-- One row per import into this database file (the history of earlier files is
-- carried over by the import, so the log is complete in every version).
create table import_log (
    import_id integer,
    geimporteerd_op timestamp not null,
    gebruiker varchar,
    bron varchar not null,
    exportdatum date not null,
    resultaat varchar not null,
    bestanden json not null,   -- [{"tabel", "bestand", "sha256", "rijen"}]
    waarschuwingen json not null
);

-- Facts about this database file: schema version, export date, build time, build version and the
-- stored peildata (kpi/data/build.py). The derived tables (deadline facts, colour per day, stored series
-- rows) are created by the build step from its declarations (kpi/data/build.py).
create table meta (
    sleutel varchar primary key,
    waarde varchar not null
);
