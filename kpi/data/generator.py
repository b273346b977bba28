"""Deterministic synthetic export of the GI's client registration (demo and tests).

`generate(out, seed, scale, exportdatum)` writes one `NAME.csv` per table of
`kpi.data.contract.TABLES` into `out`, in exactly the contract's format, so the demo
runs through the same import as real data. The same seed, scale and export date
give byte-identical files.

The data imitate the organisation of ../shared/spec/domain.md: eight clusters
with their real names, 340 municipalities, ~743 youth workers and ~8,200
running measures at scale 1, three years of history. Staff shortage is not
painted on afterwards but simulated: workers join and leave, a new measure
gets the least-loaded worker of its team, goes on the monitorlijst or to the
in-/doorstroomteam, and the monitorlijst is left in colour order. Deliberate
patterns (documented in docs/generator.md): clusters under pressure (Rotterdam
Rijnmond, Noord-Holland) against calm ones (Overijssel, Zuid), a staff
shortage in the autumn of the year before the export year (K1/K2 dip, longer
monitorlijst, higher caseload) and registration problems in "kind alleen".
Complaints (`_Klachten`) are calibrated to the complaints office's year report and
arise where that simulation left teams with a high caseload and children without a
fixed worker; they are drawn from a random stream of their own, so the other tables
are the same with or without them.

Internally a date is an int64 number of days since 1970-01-01 (`OPEN` = no
end). Everything is vectorised with numpy/polars except the assignment
simulation, a heap-ordered event loop over measures and workers.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from kpi.core import kalender, norms
from kpi.data import contract

DEFAULT_EXPORTDATUM = dt.date(2025, 9, 30)
GESCHIEDENIS_JAREN = 3  # measures running at some point in the last three years
EPOCH = dt.date(1970, 1, 1)
OPEN = 10**7  # "no end" for internal day numbers
EARLIEST = (dt.date.fromisoformat(contract.EARLIEST_DATE) - EPOCH).days

SOORTEN = contract.SOORTEN_MAATREGEL  # OTS, VOTS, voogdij, JR (codes 0..3)
OTS, VOTS, VOOGDIJ, JR = range(4)
WOON = contract.WOONSITUATIES  # thuis, pleeggezin, gezinshuis, instelling
THUIS, PLEEG, GEZINSHUIS, INSTELLING = range(4)
KLEUR = contract.KLEURCODES  # rood, oranje, groen
VORM = contract.VORMEN  # face_to_face, telefonisch, video, overleg
F2F, TEL, VIDEO, OVERLEG = range(4)


@dataclass(frozen=True)
class ClusterProfiel:
    """One cluster and how it behaves in the demo data."""

    cluster_id: str
    naam: str
    regio: str
    jb_teams: int
    aandeel: float  # share of the measures
    gemeenten: int  # municipalities it serves
    caseload: float  # JB caseload per FTE the cluster is staffed for
    eerste_contact: float  # chance of a timely first contact (K1) in a normal month
    plan: float  # chance of a timely plan van aanpak (K2)
    monitorlijst: float  # chance a new OTS goes on the monitorlijst
    in_doorstroom: float  # chance a new JB measure goes to the in-/doorstroomteam (0: no such team)
    druk: float  # staff pressure 0..1: fewer contacts, more turnover, more gaming of "kind alleen"


CLUSTERS: tuple[ClusterProfiel, ...] = (
    ClusterProfiel("NRD", "Noord", "noord", 4, .11, 45, 13.7, .60, .66, .23, .0, .3),
    ClusterProfiel("OVY", "Overijssel", "noord", 3, .10, 25, 12.5, .74, .76, .09, .0, .0),
    ClusterProfiel("GLD", "Gelderland", "noord", 5, .14, 51, 13.9, .58, .63, .25, .18, .4),
    ClusterProfiel("NHL", "Noord-Holland", "noord", 5, .13, 44, 15.8, .42, .52, .48, .22, .9),
    ClusterProfiel("UTR", "Utrecht/Flevoland", "noord", 5, .13, 32, 13.8, .58, .63, .25, .0, .4),
    ClusterProfiel("ZHL", "Zuid-Holland", "zuid", 5, .13, 40, 14.3, .53, .60, .30, .18, .5),
    ClusterProfiel("RRY", "Rotterdam Rijnmond", "zuid", 6, .14, 15, 16.4, .38, .49, .52, .22, 1.0),
    ClusterProfiel("ZUI", "Zuid", "zuid", 4, .12, 88, 12.7, .72, .74, .09, .0, .1),
)

# Measures running at the export date at scale 1, and the soort mix.
LOPEND_DOEL = 8200
SOORT_AANDEEL = (.60, .08, .17, .15)
VERVOLG_OTS = 0.45  # share of ended VOTS followed by an OTS for the same young person
JR_RECIDIVE = 0.06  # share of JR measures for a young person with an earlier JR measure
TERUGBLIK_JAREN = (9, 9, 18, 6)  # how far back starts are drawn, per soort
GROVE_DUUR = (560, 120, 3000, 280)  # rough mean duration (days) for oversampling
LEEFTIJD = (  # age at start: (first age, weights)
    (0, (6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 4, 2)),
    (0, (14, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3, 2)),
    (0, (8, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 5, 4, 3)),
    (12, (3, 6, 10, 14, 16, 16, 14, 10, 6, 3)),
)
WOON_START = (  # woonsituatie at the start per soort
    (.75, .14, .03, .08), (.56, .20, .04, .20), (.04, .70, .12, .14), (.86, .02, .01, .11),
)
WOON_OVERGANG = np.array([  # from row to column
    [0, .55, .15, .30], [.40, 0, .30, .30], [.30, .40, 0, .30], [.50, .25, .25, 0],
])

# Staff.
GEBIEDSMANAGERS = 40
GEDRAGSWETENSCHAPPERS = 56
FTE_WAARDEN = (1.0, .89, .78, .67, .56, .94, .83, .72, .61)
FTE_KANSEN = (.30, .28, .18, .12, .05, .02, .02, .02, .01)
CASELOAD_JR = 11.0
GEZINNEN_PER_FTE_ID = 4.5  # in-/doorstroomteam: families per FTE (shared caseload)
VERTREK_PER_MAAND = 0.0085  # base monthly chance a youth worker leaves

# Colour triage and waiting on the monitorlijst.
KLEUR_KANS = (.20, .45, .35)
LIJST_KALIBRATIE = 0.94  # centres the monitorlijst at ~170 at scale 1 (sd ~20 over seeds)
# Staff shortage in the autumn of the year before the export year: weight per
# month from August to January.
DIP = (.3, 1.0, 1.0, .8, .4, .15)

HULPVORMEN = (  # (hulpvorm, weight, median waiting days, max days)
    ("ambulante gezinsbehandeling", .22, 165, 420),
    ("pleegzorg", .10, 95, 360),
    ("diagnostiek", .12, 230, 294),  # up to 42 weeks
    ("residentieel", .08, 190, 420),
    ("MST", .08, 135, 360),
    ("traumabehandeling", .12, 215, 420),
    ("opvoedondersteuning", .10, 120, 360),
    ("gezinshuis", .05, 160, 420),
    ("jeugd-GGZ", .13, 210, 420),
)

# Complaints (../shared/spec/klachten.md, docs/generator.md "Klachten"), drawn from their own random
# stream (KLACHT_STROOM) so the other tables are the same with or without them.
KLACHT_STROOM = 13
# Per 100 young people in begeleiding (K8) in the three calendar years up to the export year (and
# the first before them): the year report's fall 363 -> 288 -> 260 at about 2.5 on average.
KLACHTEN_JAARVERSLAG = (363, 288, 260)
KLACHTEN_PER_100_GEMIDDELD = 2.5
KLACHTEN_PER_100 = tuple(KLACHTEN_PER_100_GEMIDDELD * n / (sum(KLACHTEN_JAARVERSLAG) / len(KLACHTEN_JAARVERSLAG))
                         for n in KLACHTEN_JAARVERSLAG)
KLACHT_ZONDER_MAATREGEL = 0.06  # clients without a measure (voluntary framework): team_id only
KLACHT_CASELOAD_GEVOELIG = 0.2  # risk x exp(this * (team caseload per FTE - norm))
KLACHT_ZONDER_VASTE = 2.5  # risk x this on a day without a fixed worker
KLACHT_TEAM_SPREIDING = 0.3  # sd of a team's own log risk
KLACHT_KANAAL = (.93, .03, .02, .02)  # contract.KANALEN
KLACHT_INDIENER = {  # contract.INDIENERS: moeder, vader, ouders, jeugdige, pleegouders, grootouders, overig
    OTS: (.46, .30, .09, .05, .06, .02, .02), VOTS: (.46, .30, .09, .05, .06, .02, .02),
    VOOGDIJ: (.36, .22, .05, .10, .20, .05, .02), JR: (.35, .20, .08, .30, .02, .02, .03),
}
KLACHT_ONDERSTEUNING = ((.60, .20, .09, .06, .05), (.35, .20, .30, .05, .10))  # contract.ONDERSTEUNINGEN:
#                                                                                   other, committee
KLACHT_CATEGORIE = (.10, .24, .09, .12, .14, .14, .08, .04, .05)  # contract.KLACHT_CATEGORIEEN
KLACHT_ONDERDELEN = ((.43, .36, .15, .04, .02), (.15, .25, .30, .20, .10))  # 1..5 parts: other, committee
# Route of a complaint to the klachtenbureau: informal (solved after a talk), klachtgesprek, klachtgesprek
# and then the committee, straight to the committee.
KLACHT_ROUTE = (.28, .67, .02, .03)
KLACHT_VERSLAG_TIJDIG = (.6, .3)  # the report in time: .6 - .3 * the cluster's staff pressure (`druk`)
KLACHT_COMMISSIE_TIJDIG = (.7, .75, .7)  # hearing, ruling and the board's response in time
KLACHT_BLIJFT_OPEN = (6, 6, 2, 1, 1, 1)  # stuck after klachtgesprek, verslag, ... reactie_bestuur (scale 1)
KLACHT_GEGROND = 0.28  # of the parts judged gegrond or ongegrond (exactly, over the whole history)
KLACHT_NIET_ONTVANKELIJK = 0.08
KLACHT_DATAFOUTEN = 3  # per kind of data problem (docs/klachten.md, "Datakwaliteit"), at scale 1

_NAAM_BEGIN = ("Aal", "Ald", "Ber", "Bor", "Bra", "Brug", "Dal", "Dijk", "Dor", "Eem", "Elst",
               "Gra", "Haar", "Heem", "Hol", "Hoorn", "Kamp", "Lan", "Leer", "Lin", "Maar", "Mol",
               "Nij", "Oos", "Oud", "Ree", "Ros", "Sche", "Sle", "Ste", "Ter", "Uit", "Vee", "Vlie",
               "Wald", "Wes", "Wil", "Zand", "Zee", "Zwa")
_NAAM_EIND = ("dam", "dijk", "dorp", "drecht", "en", "hem", "horst", "hout", "hoven", "huizen",
              "kerk", "loo", "meer", "rade", "recht", "sum", "veen", "vliet", "voort", "waard",
              "wijk", "woude", "zijl", "berg", "broek")
_NAAM_VOOR = ("Nieuw-", "Oost-", "West-", "Groot-", "Sint-")


def _dag(day: dt.date) -> int:
    return (day - EPOCH).days


def _jaren_terug(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _maand(days: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers."""
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _jaar(days: np.ndarray) -> np.ndarray:
    return _maand(days) // 12 + 1970


def _nieuwjaar(years: np.ndarray) -> np.ndarray:
    """Day number of 1 January of each year."""
    return (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def _labels(name: str, labels, codes: np.ndarray) -> pl.Series:
    """String column from integer codes into `labels`."""
    return pl.Series(name, list(labels), dtype=pl.String).gather(np.asarray(codes, dtype=np.int64))


def generate(out: Path, seed: int = 42, scale: float = 1.0,
             exportdatum: dt.date = DEFAULT_EXPORTDATUM) -> dict[str, int]:
    """Write a synthetic export (one CSV per contract table) into `out`; return row counts."""
    if scale <= 0:
        raise ValueError("scale moet groter dan 0 zijn")
    frames = _Bouwer(seed, scale, exportdatum).bouw()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in contract.TABLES:
        frame = frames[table.name].select(table.column_names)
        frame.write_csv(out / f"{table.name}.csv", date_format="%Y-%m-%d", float_precision=2,
                        null_value="", line_terminator="\n")
        counts[table.name] = frame.height
    return counts


class _Bouwer:
    """Builds all tables for one (seed, scale, exportdatum)."""

    def __init__(self, seed: int, scale: float, exportdatum: dt.date) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.pyr = random.Random(seed)
        self.scale = scale
        self.E = _dag(exportdatum)
        self.H = _dag(_jaren_terug(exportdatum, GESCHIEDENIS_JAREN))  # history start
        self.S0 = self.H - norms.K5_VENSTER_DAGEN  # contacts from here: K5 window at H is full
        self.dip_start = int(_maand(np.array([_dag(dt.date(exportdatum.year - 1, 8, 1))]))[0])
        days = np.arange(EARLIEST, self.E + 800, dtype=np.int64)
        werk = np.fromiter((kalender.is_werkdag(EPOCH + dt.timedelta(days=int(d))) for d in days),
                           dtype=bool, count=len(days))
        self.werkdagen = days[werk]

    # ------------------------------------------------------------------ helpers

    def wd_plus(self, days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
        """Vectorised kalender.werkdag_plus; n = 0 gives the day itself."""
        days = np.asarray(days, dtype=np.int64)
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), days.shape)
        k = np.searchsorted(self.werkdagen, days, side="right")
        pos = np.clip(k + n - 1, 0, len(self.werkdagen) - 1)
        return np.where(n > 0, self.werkdagen[pos], days)

    def dip(self, days: np.ndarray) -> np.ndarray:
        """Weight (0..1) of the autumn staff shortage at each day."""
        offset = _maand(days) - self.dip_start
        weights = np.asarray(DIP)
        inside = (offset >= 0) & (offset < len(weights))
        return np.where(inside, weights[np.clip(offset, 0, len(weights) - 1)], 0.0)

    def cl(self, attr: str) -> np.ndarray:
        return np.array([getattr(c, attr) for c in CLUSTERS], dtype=float)

    # ------------------------------------------------------------------ build

    def bouw(self) -> dict[str, pl.DataFrame]:
        self._organisatie()
        self._maatregelen()
        self._paden()
        self._personeel()
        self._toewijzen()
        self._in_doorstroom_rijen()
        self._rooster()
        frames = {
            "clusters": self.f_clusters, "teams": self.f_teams, "gemeenten": self.f_gemeenten,
            "maatregelen": self._f_maatregelen(),
            "verblijf": self._verblijf(),
            "veiligheidsinschattingen": self._triage(),
            "monitorlijst": self._f_monitorlijst(),
            "casuistiekbesprekingen": self._casuistiek(),
            "plannen": self._plannen(),
        }
        frames["hulp"], frames["geen_hulp_nodig"] = self._hulp()
        frames["toewijzingen"] = self._f_toewijzingen()
        frames["contacten"] = self._contacten()
        frames["medewerkers"] = self._f_medewerkers()
        frames["klachten"], frames["klachtonderdelen"] = _Klachten(self).bouw()
        return frames

    # ------------------------------------------------------------------ organisation

    def _organisatie(self) -> None:
        rng = self.rng
        self.f_clusters = pl.DataFrame({
            "cluster_id": [c.cluster_id for c in CLUSTERS],
            "naam": [c.naam for c in CLUSTERS],
            "regio": [c.regio for c in CLUSTERS],
        })
        team_id, team_cluster, team_naam, team_soort, team_gewicht = [], [], [], [], []
        self.jb_teams: list[np.ndarray] = []
        self.jr_team: list[int] = []
        self.id_team: list[int] = []
        for ci, c in enumerate(CLUSTERS):
            jb = []
            weights = 1 + rng.random(c.jb_teams) * 0.6
            for i in range(c.jb_teams):
                jb.append(len(team_id))
                team_id.append(f"{c.cluster_id}-JB{i + 1}")
                team_naam.append(f"Jeugdbescherming {c.naam} {i + 1}")
                team_soort.append("jb")
                team_cluster.append(ci)
                team_gewicht.append(weights[i] / weights.sum())
            self.jb_teams.append(np.array(jb))
            self.jr_team.append(len(team_id))
            team_id.append(f"{c.cluster_id}-JR")
            team_naam.append(f"Jeugdreclassering {c.naam}")
            team_soort.append("jr")
            team_cluster.append(ci)
            team_gewicht.append(1.0)
            if c.in_doorstroom > 0:
                self.id_team.append(len(team_id))
                team_id.append(f"{c.cluster_id}-ID")
                team_naam.append(f"Team Extra {c.naam}")
                team_soort.append("in_doorstroom")
                team_cluster.append(ci)
                team_gewicht.append(1.0)
            else:
                self.id_team.append(-1)
        self.team_id = np.array(team_id)
        self.team_cluster = np.array(team_cluster)
        self.team_soort = np.array(team_soort)
        self.team_gewicht = np.array(team_gewicht)
        self.f_teams = pl.DataFrame({"team_id": team_id,
                                     "cluster_id": [CLUSTERS[i].cluster_id for i in team_cluster],
                                     "naam": team_naam, "soort": team_soort})

        # Municipalities: CBS-style codes in one block per cluster, invented names.
        n_gem = sum(c.gemeenten for c in CLUSTERS)
        codes = np.sort(rng.choice(np.arange(1, 2000), n_gem, replace=False))
        combos = rng.permutation(len(_NAAM_BEGIN) * len(_NAAM_EIND))[:n_gem]
        namen = []
        for k in combos:
            naam = _NAAM_BEGIN[k // len(_NAAM_EIND)] + _NAAM_EIND[k % len(_NAAM_EIND)]
            if rng.random() < 0.12:
                naam = _NAAM_VOOR[int(rng.integers(len(_NAAM_VOOR)))] + naam
            namen.append(naam)
        gem_cluster = np.repeat(np.arange(len(CLUSTERS)), [c.gemeenten for c in CLUSTERS])
        self.gem_code = np.array([f"GM{c:04d}" for c in codes])
        self.gem_cluster = gem_cluster
        sizes = rng.lognormal(0.0, 1.1, n_gem)
        self.gem_per_cluster = []
        for ci in range(len(CLUSTERS)):
            idx = np.flatnonzero(gem_cluster == ci)
            self.gem_per_cluster.append((idx, sizes[idx] / sizes[idx].sum()))
        self.f_gemeenten = pl.DataFrame({"gemeente_code": self.gem_code, "naam": namen,
                                         "cluster_id": [CLUSTERS[i].cluster_id for i in gem_cluster]})

    # ------------------------------------------------------------------ measures

    def _seizoen(self, start: np.ndarray) -> np.ndarray:
        month = _maand(start) % 12 + 1
        return np.where(np.isin(month, (7, 8)), 0.82, np.where(month == 12, 0.92, 1.0))

    def _kandidaten(self, soort: int, doel: float) -> dict[str, np.ndarray]:
        """Oversampled measures of one soort with start, end, birth year and cluster."""
        rng, E = self.rng, self.E
        span = TERUGBLIK_JAREN[soort] * 365
        n = int(math.ceil(doel * span / GROVE_DUUR[soort] * 1.4)) + 20
        start = E - rng.integers(0, span, n)
        start = start[rng.random(n) < self._seizoen(start)]
        return self._met_duur(soort, start)

    def _met_duur(self, soort: int, start: np.ndarray) -> dict[str, np.ndarray]:
        rng = self.rng
        n = len(start)
        first_age, weights = LEEFTIJD[soort]
        p = np.asarray(weights, float) / sum(weights)
        gj = _jaar(start) - (first_age + rng.choice(len(p), n, p=p))
        achttien = _nieuwjaar(gj + 18) + rng.integers(0, 365, n)
        if soort == OTS:
            end = start + np.clip(rng.gamma(2.2, 657 / 2.2, n), 30, 3300).astype(np.int64)
            end = np.minimum(end, achttien)
        elif soort == VOTS:
            end = start + np.clip(rng.gamma(3.0, 40.0, n), 14, 400).astype(np.int64)
        elif soort == VOOGDIJ:
            end = achttien.copy()
            early = rng.random(n) < 0.12
            end[early] = start[early] + ((achttien - start)[early] * rng.uniform(.15, .9, early.sum())).astype(np.int64)
        else:
            end = start + np.clip(rng.gamma(2.0, 140.0, n), 30, 1100).astype(np.int64)
        short = end < start + 14
        end[short] = start[short] + 14 + rng.integers(0, 76, short.sum())
        return {"start": start.astype(np.int64), "end": end.astype(np.int64), "gj": gj.astype(np.int64),
                "soort": np.full(n, soort), "cluster": rng.choice(len(CLUSTERS), n, p=self.cl("aandeel") / self.cl("aandeel").sum())}

    def _dun(self, cand: dict[str, np.ndarray], doel: float, extra_lopend: int = 0) -> dict[str, np.ndarray]:
        """Thin candidates so that `doel` measures run at the export date."""
        lopend = int(((cand["start"] <= self.E) & (cand["end"] > self.E)).sum())
        keep = self.rng.random(len(cand["start"])) < min(1.0, max(0.0, doel - extra_lopend) / max(lopend, 1))
        return {k: v[keep] for k, v in cand.items()}

    def _maatregelen(self) -> None:
        rng, E, H = self.rng, self.E, self.H
        doel = [LOPEND_DOEL * self.scale * a for a in SOORT_AANDEEL]
        vots = self._dun(self._kandidaten(VOTS, doel[VOTS]), doel[VOTS])
        vots["voorganger"] = np.full(len(vots["start"]), -1)
        # Follow-up OTS: the VOTS ends, an OTS for the same young person starts that day.
        volgt = (vots["end"] <= E) & (rng.random(len(vots["start"])) < VERVOLG_OTS)
        vervolg = self._met_duur(OTS, vots["end"][volgt])
        vervolg["gj"] = vots["gj"][volgt]
        vervolg["cluster"] = vots["cluster"][volgt]
        achttien = _nieuwjaar(vervolg["gj"] + 18) + 180
        vervolg["end"] = np.maximum(np.minimum(vervolg["end"], achttien), vervolg["start"] + 30)
        vervolg["voorganger"] = np.flatnonzero(volgt)  # index into vots, remapped below
        lopend_vervolg = int(((vervolg["start"] <= E) & (vervolg["end"] > E)).sum())
        direct = self._dun(self._kandidaten(OTS, doel[OTS]), doel[OTS], lopend_vervolg)
        direct["voorganger"] = np.full(len(direct["start"]), -1)
        overig = []
        for soort in (VOOGDIJ, JR):
            part = self._dun(self._kandidaten(soort, doel[soort]), doel[soort])
            part["voorganger"] = np.full(len(part["start"]), -1)
            overig.append(part)
        # Keep measures running at some point in [H, E].
        vots_in = vots["end"] > H
        vots_nieuw = np.cumsum(vots_in) - 1
        delen = [{k: v[vots_in] for k, v in vots.items()}]
        vervolg["voorganger"] = np.where(vots_in[vervolg["voorganger"]], vots_nieuw[vervolg["voorganger"]], -1)
        for part in (vervolg, direct, *overig):
            keep = part["end"] > H
            delen.append({k: v[keep] for k, v in part.items()})
        for j, deel in enumerate(delen):
            deel["vervolg"] = np.full(len(deel["start"]), j == 1)
        m = {k: np.concatenate([d[k] for d in delen]) for k in delen[0]}
        n = len(m["start"])

        # Final order: by start date, ties at random.
        order = np.lexsort((rng.random(n), m["start"]))
        inverse = np.empty(n, np.int64)
        inverse[order] = np.arange(n)
        m = {k: v[order] for k, v in m.items()}
        m["voorganger"] = np.where(m["voorganger"] >= 0, inverse[np.maximum(m["voorganger"], 0)], -1)
        m["end"] = np.where(m["end"] > E, OPEN, m["end"])

        # Team and municipality; a follow-up keeps those of its VOTS.
        team = np.empty(n, np.int64)
        gem = np.empty(n, np.int64)
        for ci in range(len(CLUSTERS)):
            sel = m["cluster"] == ci
            idx, w = self.gem_per_cluster[ci]
            gem[sel] = rng.choice(idx, sel.sum(), p=w)
            jb = self.jb_teams[ci]
            team[sel] = rng.choice(jb, sel.sum(), p=self.team_gewicht[jb] / self.team_gewicht[jb].sum())
            team[sel & (m["soort"] == JR)] = self.jr_team[ci]
        for k in np.flatnonzero(m["voorganger"] >= 0):  # ordered by start, so chains resolve
            v = m["voorganger"][k]
            team[k], gem[k], m["cluster"][k] = team[v], gem[v], m["cluster"][v]
        m["team"], m["gemeente"] = team, gem

        # Young people: follow-ups and JR recidivists reuse an earlier pseudonym.
        persoon = np.arange(n)
        for k in np.flatnonzero(m["voorganger"] >= 0):
            persoon[k] = persoon[m["voorganger"][k]]
        jr = np.flatnonzero(m["soort"] == JR)
        gebruikt = np.zeros(n, bool)
        for k in jr[rng.random(len(jr)) < JR_RECIDIVE]:
            cand = jr[(m["cluster"][jr] == m["cluster"][k]) & (m["end"][jr] <= m["start"][k] - 30) & ~gebruikt[jr]]
            if len(cand):
                v = cand[int(rng.integers(len(cand)))]
                gebruikt[v] = True
                persoon[k], m["gj"][k] = persoon[v], m["gj"][v]
        uniek, persoon = np.unique(persoon, return_inverse=True)
        nummers = rng.choice(np.arange(1, 3 * len(uniek) + 1), len(uniek), replace=False)
        m["jeugdige"] = nummers[persoon]

        delay = rng.choice(4, n, p=[.35, .35, .2, .1])
        m["kennisgeving"] = np.where(rng.random(n) < 0.06, -1, np.minimum(m["start"] + delay, E))
        m["gj_leeg"] = rng.random(n) < 0.01
        self.m = m
        self.n = n

    # ------------------------------------------------------------------ paths

    def _paden(self) -> None:
        """Per measure: colour, triage day and how it is carried at the start."""
        rng, m, n = self.rng, self.m, self.n
        start, soort, cluster = m["start"], m["soort"], m["cluster"]
        kleur = rng.choice(3, n, p=KLEUR_KANS)
        k = rng.choice(6, n, p=[.15, .25, .2, .15, .15, .1])
        laat = rng.random(n) < 0.05
        k[laat] = 6 + rng.integers(0, 20, laat.sum())
        triage = self.wd_plus(start, k)
        geen_triage = rng.random(n) < 0.0015
        druk = self.cl("druk")[cluster]
        dip = self.dip(start)
        p_lijst = self.cl("monitorlijst")[cluster] * (1 + 0.6 * dip) * LIJST_KALIBRATIE
        p_lijst = np.where(soort == JR, 0.5 * p_lijst, np.where(soort == OTS, p_lijst, 0.0))
        p_lijst[m["vervolg"] | geen_triage] = 0.0
        p_id = self.cl("in_doorstroom")[cluster] * (1 + 0.4 * dip)
        p_id = np.where(soort == OTS, p_id, np.where(soort == JR, 0.0, 0.5 * p_id))
        p_id[m["vervolg"]] = 0.0
        u = rng.random(n)
        pad = np.where(u < p_lijst, 1, np.where(u < p_lijst + p_id, 2, 0))  # 0 vast, 1 lijst, 2 id
        wacht_kleur = np.where(kleur == 0, 3 + rng.exponential(10, n),
                               np.where(kleur == 1, rng.gamma(2.0, 28.0, n), rng.gamma(2.5, 55.0, n)))
        wacht_kleur = np.clip(wacht_kleur * (1 + 0.5 * dip) * (1 + 0.25 * druk), 1, 450)
        wacht_id = np.clip(rng.lognormal(math.log(120), 0.8, n), 14, 540)
        wacht = np.where(pad == 1, wacht_kleur, np.where(pad == 2, wacht_id, 0)).astype(np.int64)
        delay = np.where(rng.random(n) < 0.85, 0, rng.integers(1, 6, n))
        self.p = {"kleur": kleur, "triage": triage, "geen_triage": geen_triage, "pad": pad,
                  "wacht": wacht, "delay": delay,
                  "vast_vanaf": np.where(pad == 0, start + delay, start + wacht)}

    # ------------------------------------------------------------------ staff

    def _nieuwe_werker(self, team: int, in_dienst: int, functie: str = "jeugdzorgwerker",
                       anker: bool = False) -> int:
        w = self.w
        w["team"].append(team)
        w["functie"].append(functie)
        w["fte"].append(float(self.rng.choice(FTE_WAARDEN, p=FTE_KANSEN)) if functie == "jeugdzorgwerker"
                        else float(self.rng.choice((1.0, .89, .78))))
        w["in"].append(int(in_dienst))
        w["uit"].append(OPEN)
        w["tol"].append(float(np.clip(self.rng.normal(0, 1.7), -4, 5)))
        w["anker"].append(anker)
        return len(w["team"]) - 1

    def _ancienniteit(self, now: int) -> int:
        return int(max(EARLIEST + 2, now - self.rng.exponential(6 * 365)))

    def _personeel(self) -> None:
        """Youth workers per team, sized to the load, with turnover and the autumn shortage."""
        rng, pyr, m, p, E, H = self.rng, self.pyr, self.m, self.p, self.E, self.H
        self.w = {"team": [], "functie": [], "fte": [], "in": [], "uit": [], "tol": [], "anker": []}
        # Month boundaries from H to E.
        punten = [H]
        maand = int(_maand(np.array([H]))[0]) + 1
        while True:
            d = int(np.datetime64(maand, "M").astype("datetime64[D]").astype(np.int64))
            if d > E:
                break
            punten.append(d)
            maand += 1
        punten = np.array(punten + [E + 1])
        n_teams = len(self.team_id)
        last = np.zeros((n_teams, len(punten)))
        vast_from, end = p["vast_vanaf"], m["end"]
        id_end = np.minimum(m["start"] + p["wacht"], end)
        for k, t in enumerate(punten):
            vast = (vast_from <= t) & (end > t)
            last[:, k] += np.bincount(m["team"][vast], minlength=n_teams)
            in_id = (p["pad"] == 2) & (m["start"] <= t) & (id_end > t)
            per_cluster = np.bincount(m["cluster"][in_id], minlength=len(CLUSTERS))
            for ci, tid in enumerate(self.id_team):
                if tid >= 0:
                    last[tid, k] = per_cluster[ci]
        norm = np.where(self.team_soort == "jb", self.cl("caseload")[self.team_cluster],
                        np.where(self.team_soort == "jr", CASELOAD_JR, GEZINNEN_PER_FTE_ID))
        gewenst = last / norm[:, None]
        druk_team = self.cl("druk")[self.team_cluster]

        team_werkers: list[list[int]] = [[] for _ in range(n_teams)]
        for tid in range(n_teams):
            team_werkers[tid].append(self._nieuwe_werker(tid, self._ancienniteit(H), anker=True))
            fte = self.w["fte"][-1]
            while fte < gewenst[tid, 0]:
                team_werkers[tid].append(self._nieuwe_werker(tid, self._ancienniteit(H)))
                fte += self.w["fte"][-1]
        W = self.w
        for k in range(len(punten) - 1):
            a, b = int(punten[k]), int(punten[k + 1])
            mnd = int(_maand(np.array([a]))[0]) - self.dip_start
            dip = DIP[mnd] if 0 <= mnd < len(DIP) else 0.0
            zomer = {-2: .012, -1: .02, 0: .02, 1: .01}.get(mnd, 0.0)  # leavers before the dip
            werving = 1 - 0.75 * dip
            for tid in range(n_teams):
                q = VERTREK_PER_MAAND * (1 + 0.6 * druk_team[tid]) + zomer
                actief_fte = 0.0
                for wi in team_werkers[tid]:
                    if W["uit"][wi] != OPEN:
                        continue
                    if not W["anker"][wi] and pyr.random() < q:
                        W["uit"][wi] = max(a + pyr.randrange(b - a), W["in"][wi] + 1)
                    else:
                        actief_fte += W["fte"][wi]
                tekort = gewenst[tid, k + 1] * 1.02 - actief_fte
                if tekort > 0.4:
                    aantal = int(tekort * werving / 0.87 + pyr.random())
                    for _ in range(aantal):
                        team_werkers[tid].append(self._nieuwe_werker(tid, a + pyr.randrange(b - a)))
        self.team_werkers = [np.array(t, dtype=np.int64) for t in team_werkers]

        # Behavioural scientists and area managers: positions per team, some turnover.
        grootte = np.array([len(t) for t in team_werkers], float)
        volgorde = np.argsort(-grootte, kind="stable")
        jb_jr = [t for t in volgorde if self.team_soort[t] != "in_doorstroom"]
        for functie, aantal, teams in (("gedragswetenschapper", GEDRAGSWETENSCHAPPERS, list(volgorde)),
                                       ("gebiedsmanager", GEBIEDSMANAGERS, jb_jr)):
            for i in range(max(len(CLUSTERS), round(aantal * self.scale))):
                tid = int(teams[i % len(teams)])
                if rng.random() < 0.25:  # a predecessor left during the history
                    nu = int(rng.integers(H, E - 30))
                    oud = self._nieuwe_werker(tid, self._ancienniteit(nu - 200), functie)
                    W["uit"][oud] = nu - int(rng.integers(0, 60))
                    self._nieuwe_werker(tid, nu, functie)
                else:
                    self._nieuwe_werker(tid, self._ancienniteit(E - 30), functie)
        self.w_team = np.array(W["team"], np.int64)
        self.w_in = np.array(W["in"], np.int64)
        self.w_uit = np.array(W["uit"], np.int64)
        self.w_fte = np.array(W["fte"])
        self.w_tol = np.array(W["tol"])
        self.w_load = np.zeros(len(self.w_team), np.int64)

    # ------------------------------------------------------------------ assignment simulation

    def _kies(self, team: int, t: int, voorkeur: int = -1) -> int:
        """The least loaded (per FTE, minus personal tolerance) worker of `team` active at t."""
        te = max(t, self.H)
        if voorkeur >= 0 and self.w_in[voorkeur] <= te and self.w_uit[voorkeur] > te:
            return voorkeur
        idx, w_in, w_uit, basis, fte = self._team_arrays[team]
        actief = (w_in <= te) & (w_uit > te + 30)
        if not actief.any():
            actief = (w_in <= te) & (w_uit > te)
        score = (self.w_load[idx] + 1) / fte - basis
        score[~actief] = np.inf
        return int(idx[int(score.argmin())])

    def _toewijzen(self) -> None:
        """Event loop: who carries each measure (vast, monitorlijst, in-/doorstroom) over time."""
        m, p, pyr, E = self.m, self.p, self.pyr, self.E
        start, end = m["start"].tolist(), m["end"].tolist()
        soort, team = m["soort"].tolist(), m["team"].tolist()
        pad, wacht, delay = p["pad"].tolist(), p["wacht"].tolist(), p["delay"].tolist()
        kleur = p["kleur"].tolist()
        druk = [c.druk for c in CLUSTERS]
        opvolger = {int(v): int(k) for k, v in enumerate(m["voorganger"]) if v >= 0}
        self._team_arrays = [(idx, self.w_in[idx], self.w_uit[idx], self.w_tol[idx], self.w_fte[idx])
                              for idx in self.team_werkers]
        dip_maand = {self.dip_start + k: w for k, w in enumerate(DIP)}

        def dip(day: int) -> float:
            d = EPOCH + dt.timedelta(days=day)
            return dip_maand.get((d.year - 1970) * 12 + d.month - 1, 0.0)

        GEEN, VAST, LIJST, ID, KLAAR = range(5)
        staat = [GEEN] * self.n
        huidig = [-1] * self.n  # current worker (vast) or row index (lijst/id)
        rij = [-1] * self.n
        verblijf_nr = [0] * self.n
        meenemen = [-1] * self.n  # worker of the preceding VOTS
        zaken: list[set[int]] = [set() for _ in range(len(self.w_team))]
        self.t_rows: list[list[int]] = []  # [m, w, van, tot]
        self.l_rows: list[list[int]] = []  # [m, op_lijst, van_lijst]
        self.id_stays: list[list[int]] = []  # [m, van, tot]
        self.hertriage: list[tuple[int, int, int]] = []  # (m, datum, kleur)

        heap: list[tuple[int, int, int, int]] = []
        seq = 0

        def push(day: int, prio: int, kind: int, a: int, b: int = 0) -> None:
            nonlocal seq
            if day <= E:
                heapq.heappush(heap, (day, prio, seq, kind, a, b))
                seq += 1

        EINDE, VERTREK, EXIT_LIJST, EXIT_ID, START, NODIG = range(6)
        for i in range(self.n):
            heap.append((start[i], 3, seq, START, i, 0))
            seq += 1
            if end[i] != OPEN:
                heap.append((end[i], 0, seq, EINDE, i, 0))
                seq += 1
        for wi in np.flatnonzero(self.w_uit != OPEN).tolist():
            heap.append((int(self.w_uit[wi]), 1, seq, VERTREK, wi, 0))
            seq += 1
        heapq.heapify(heap)

        def toewijzen(i: int, d: int, voorkeur: int = -1) -> None:
            w = self._kies(team[i], d, voorkeur)
            self.t_rows.append([i, w, d, OPEN])
            rij[i] = len(self.t_rows) - 1
            huidig[i] = w
            self.w_load[w] += 1
            zaken[w].add(i)
            staat[i] = VAST

        def lijst(i: int, d: int, k: int, dagen: int) -> None:
            self.l_rows.append([i, d, OPEN])
            rij[i] = len(self.l_rows) - 1
            staat[i] = LIJST
            verblijf_nr[i] += 1
            uit = d + max(1, dagen)
            r = d + pyr.randint(35, 70)
            while r < uit and r <= E and r < end[i]:  # re-triage while waiting
                u = pyr.random()
                if k > 0 and u < 0.15:
                    k -= 1
                elif k < 2 and u > 0.85:
                    k += 1
                self.hertriage.append((i, r, k))
                if k == 0:
                    uit = min(uit, r + 1 + int(pyr.expovariate(0.1)))
                r += pyr.randint(35, 70)
            push(uit, 2, EXIT_LIJST, i, verblijf_nr[i])

        def in_doorstroom(i: int, d: int, dagen: int) -> None:
            self.id_stays.append([i, d, OPEN])
            rij[i] = len(self.id_stays) - 1
            staat[i] = ID
            verblijf_nr[i] += 1
            push(d + max(14, dagen), 2, EXIT_ID, i, verblijf_nr[i])

        def sluit(i: int, d: int) -> None:
            if staat[i] == VAST:
                w = huidig[i]
                self.t_rows[rij[i]][3] = d
                self.w_load[w] -= 1
                zaken[w].discard(i)
            elif staat[i] == LIJST:
                self.l_rows[rij[i]][2] = d
            elif staat[i] == ID:
                self.id_stays[rij[i]][2] = d
            staat[i] = GEEN

        while heap:
            d, _, _, kind, i, extra = heapq.heappop(heap)
            if kind == EINDE:
                w = huidig[i] if staat[i] == VAST else -1
                sluit(i, d)
                staat[i] = KLAAR
                if i in opvolger and w >= 0:
                    meenemen[opvolger[i]] = w
            elif kind == VERTREK:
                ci = int(self.team_cluster[self.w_team[i]])
                for z in sorted(zaken[i]):
                    sluit(z, d)
                    u = pyr.random()
                    p_lijst = 0.04 + 0.10 * druk[ci] if soort[z] in (OTS, JR) else 0.0
                    p_id = 0.10 if self.id_team[ci] >= 0 and soort[z] != JR else 0.0
                    if u < p_lijst:
                        k = pyr.choices((0, 1, 2), (.25, .45, .30))[0]
                        self.hertriage.append((z, d, k))
                        basis = (12, 56, 137)[k] * (1 + 0.5 * dip(d))
                        lijst(z, d, k, int(pyr.expovariate(1 / basis)) + 1)
                    elif u < p_lijst + p_id:
                        in_doorstroom(z, d, int(pyr.lognormvariate(math.log(120), 0.8)))
                    else:
                        v = pyr.random()
                        zoek = 0.08 * (1 + dip(d))
                        gat = 0 if v < 0.75 else (pyr.randint(1, 10) if v < 1 - zoek else pyr.randint(20, 100))
                        if gat == 0:
                            toewijzen(z, d)
                        else:
                            push(d + gat, 4, NODIG, z)
            elif kind == START:
                if staat[i] == KLAAR:
                    continue
                if meenemen[i] >= 0:
                    toewijzen(i, d, meenemen[i])
                elif pad[i] == 1:
                    lijst(i, d, kleur[i], wacht[i])
                elif pad[i] == 2:
                    in_doorstroom(i, d, wacht[i])
                elif delay[i] == 0:
                    toewijzen(i, d)
                else:
                    push(d + delay[i], 4, NODIG, i)
            elif kind in (EXIT_LIJST, EXIT_ID):
                if staat[i] in (LIJST, ID) and verblijf_nr[i] == extra:
                    sluit(i, d)
                    toewijzen(i, d)
            elif kind == NODIG:
                if staat[i] == GEEN:
                    toewijzen(i, d)

    def _in_doorstroom_rijen(self) -> None:
        """Split each in-/doorstroom stay into rows of rotating team members."""
        pyr, E, H = self.pyr, self.E, self.H
        self.id_rows: list[list[int]] = []
        for i, a, b in self.id_stays:
            tid = self.id_team[int(self.m["cluster"][i])]
            idx = self.team_werkers[tid]
            eind = b if b != OPEN else E + 1
            s = a
            while s < eind:
                te = max(s, H)
                cand = idx[(self.w_in[idx] <= te) & (self.w_uit[idx] > te)]
                w = int(cand[pyr.randrange(len(cand))])
                e = min(s + pyr.randint(14, 56), int(self.w_uit[w]))
                if e >= eind:
                    self.id_rows.append([i, w, s, b])
                    break
                self.id_rows.append([i, w, s, e])
                s = e

    def _rooster(self) -> None:
        """A worker on duty per team and week, for contacts without a carrier."""
        pyr, H = self.pyr, self.H
        self.n_weken = (self.E - self.S0) // 7 + 1
        self.rooster = np.zeros((len(self.team_id), self.n_weken), np.int64)
        for tid, idx in enumerate(self.team_werkers):
            for k in range(self.n_weken):
                ws = self.S0 + 7 * k
                te = max(ws, H)
                ok = idx[(self.w_in[idx] <= te) & (self.w_uit[idx] > max(ws + 6, te))]
                self.rooster[tid, k] = ok[pyr.randrange(len(ok))] if len(ok) else idx[0]

    def _dienst(self, team: np.ndarray, day: np.ndarray) -> np.ndarray:
        week = np.clip((day - self.S0) // 7, 0, self.n_weken - 1)
        return self.rooster[team, week]

    # ------------------------------------------------------------------ frames

    @staticmethod
    def _datum(values: np.ndarray, name: str) -> pl.Series:
        values = np.asarray(values, dtype=np.int64)
        leeg = (values < 0) | (values >= OPEN)
        return pl.Series(name, np.where(leeg, np.nan, values.astype(float)), nan_to_null=True) \
            .cast(pl.Int32).cast(pl.Date)

    def _ids(self, prefix: str, nums: np.ndarray, name: str, width: int = 6) -> pl.Series:
        return (prefix + pl.Series(name, np.asarray(nums, dtype=np.int64)).cast(pl.String).str.zfill(width)).alias(name)

    def _maatregel_ids(self, i: np.ndarray) -> pl.Series:
        return self._ids("MR", np.asarray(i) + 1, "maatregel_id")

    def _werker_ids(self, w: np.ndarray, name: str = "medewerker_id") -> pl.Series:
        w = np.asarray(w, dtype=np.int64)
        s = self._ids("M", w + 1, name, 5)
        return pl.select(pl.when(pl.Series(w >= 0)).then(s)).to_series().alias(name)

    def _f_maatregelen(self) -> pl.DataFrame:
        m = self.m
        width = max(6, len(str(int(m["jeugdige"].max()))))
        return pl.DataFrame([
            self._maatregel_ids(np.arange(self.n)),
            self._ids("J", m["jeugdige"], "jeugdige_id", width),
            _labels("soort", SOORTEN, m["soort"]),
            self._datum(m["start"], "startdatum"),
            self._datum(m["end"], "einddatum"),
            _labels("gemeente_code", self.gem_code, m["gemeente"]),
            _labels("team_id", self.team_id, m["team"]),
            self._datum(m["kennisgeving"], "kennisgeving_op"),
            pl.Series("geboortejaar", np.where(m["gj_leeg"], np.nan, m["gj"].astype(float)),
                      nan_to_null=True).cast(pl.Int32),
        ])

    def _verblijf(self) -> pl.DataFrame:
        rng, m, n, E = self.rng, self.m, self.n, self.E
        eind = np.minimum(m["end"], E)
        eerste = np.empty(n, np.int64)
        for s in range(len(SOORTEN)):
            sel = m["soort"] == s
            eerste[sel] = rng.choice(4, sel.sum(), p=WOON_START[s])
        lengte = eind - m["start"]
        wissel = rng.choice(3, n, p=[.76, .19, .05])
        wissel[lengte < 60] = 0
        rijen_m = [np.arange(n)]
        rijen_van = [m["start"]]
        rijen_woon = [eerste]
        vorige = eerste.copy()
        data = []
        for j in (1, 2):
            sel = np.flatnonzero(wissel >= j)
            data.append((sel, m["start"][sel] + 30 + (rng.random(len(sel)) * (lengte[sel] - 30)).astype(np.int64)))
        # Second change after the first.
        if len(data[1][0]):
            pos = np.searchsorted(data[0][0], data[1][0])
            d1 = data[0][1][pos]
            d2 = data[1][1]
            lo, hi = np.minimum(d1, d2), np.maximum(d1, d2)
            data[0][1][pos] = lo
            data = [data[0], (data[1][0][hi > lo], hi[hi > lo])]
        for sel, day in data:
            cum = np.cumsum(WOON_OVERGANG[vorige[sel]], axis=1)
            nieuw = (rng.random(len(sel))[:, None] > cum).sum(axis=1)
            vorige[sel] = nieuw
            rijen_m.append(sel)
            rijen_van.append(day)
            rijen_woon.append(nieuw)
        rm, rv, rw = np.concatenate(rijen_m), np.concatenate(rijen_van), np.concatenate(rijen_woon)
        order = np.lexsort((rv, rm))
        rm, rv, rw = rm[order], rv[order], rw[order]
        tot = np.where(np.r_[rm[1:] == rm[:-1], False], np.r_[rv[1:], 0], m["end"][rm])
        ontbreekt = rng.random(n) < 0.0025  # a few measures without any verblijf (data problem)
        keep = ~ontbreekt[rm]
        self.v = {"m": rm[keep], "van": rv[keep], "tot": tot[keep], "woon": rw[keep]}
        laatste = keep & np.r_[rm[1:] != rm[:-1], True]
        self.woon_laatst = np.full(n, -1)
        self.woon_laatst[rm[laatste]] = rw[laatste]
        return pl.DataFrame([self._maatregel_ids(rm[keep]), self._datum(rv[keep], "van"),
                             self._datum(tot[keep], "tot"), _labels("woonsituatie", WOON, rw[keep])])

    def _triage(self) -> pl.DataFrame:
        m, p, E = self.m, self.p, self.E
        eind = np.minimum(m["end"], E)
        keep = ~p["geen_triage"] & (p["triage"] <= eind)
        mi = np.flatnonzero(keep)
        rm = np.concatenate([mi, np.array([r[0] for r in self.hertriage], np.int64)])
        rd = np.concatenate([p["triage"][mi], np.array([r[1] for r in self.hertriage], np.int64)])
        rk = np.concatenate([p["kleur"][mi], np.array([r[2] for r in self.hertriage], np.int64)])
        order = np.lexsort((rd, rm))
        self.triage_rows = (rm[order], rd[order], rk[order])
        return pl.DataFrame([self._maatregel_ids(rm[order]), self._datum(rd[order], "datum"),
                             _labels("kleurcode", KLEUR, rk[order])]).unique(maintain_order=True)

    def _f_monitorlijst(self) -> pl.DataFrame:
        rows = np.array(self.l_rows, np.int64).reshape(-1, 3)
        rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
        return pl.DataFrame([self._maatregel_ids(rows[:, 0]), self._datum(rows[:, 1], "op_lijst"),
                             self._datum(rows[:, 2], "van_lijst")])

    def _f_toewijzingen(self) -> pl.DataFrame:
        vast = np.array(self.t_rows, np.int64).reshape(-1, 4)
        idr = np.array(self.id_rows, np.int64).reshape(-1, 4)
        rows = np.concatenate([vast, idr])
        rol = np.r_[np.zeros(len(vast), np.int64), np.ones(len(idr), np.int64)]
        keep = rows[:, 3] > rows[:, 2]  # drop zero-length periods
        rows, rol = rows[keep], rol[keep]
        order = np.lexsort((rows[:, 2], rows[:, 0]))
        rows, rol = rows[order], rol[order]
        self.toew = {"m": rows[:, 0], "w": rows[:, 1], "van": rows[:, 2], "tot": rows[:, 3], "rol": rol}
        return pl.DataFrame([self._maatregel_ids(rows[:, 0]), self._werker_ids(rows[:, 1]),
                             self._datum(rows[:, 2], "van"), self._datum(rows[:, 3], "tot"),
                             _labels("rol", contract.ROLLEN, rol)])

    def _f_medewerkers(self) -> pl.DataFrame:
        # Cases carried since before the simulated history: the worker was there already.
        in_dienst = self.w_in.copy()
        for w, day in ((self.toew["w"], self.toew["van"]), (self.c_w, self.c_datum)):
            sel = w >= 0
            np.minimum.at(in_dienst, w[sel], day[sel])
        n = len(self.w_team)
        return pl.DataFrame([
            self._werker_ids(np.arange(n)),
            pl.Series("functie", self.w["functie"]),
            _labels("team_id", self.team_id, self.w_team),
            pl.Series("fte", self.w_fte),
            self._datum(np.maximum(in_dienst, EARLIEST), "in_dienst"),
            self._datum(self.w_uit, "uit_dienst"),
        ])

    # ------------------------------------------------------------------ casework tables

    def _casuistiek(self) -> pl.DataFrame:
        pyr, E = self.pyr, self.E
        rm, rd = [], []
        for i, a, b in self.id_stays:
            eind = min(b, E)
            traag = pyr.random() < 0.35  # this family's conferences slip past the half year
            d = a + (pyr.randint(190, 320) if traag else pyr.randint(20, 150))
            while d <= eind:
                rm.append(i)
                rd.append(d)
                d += pyr.randint(200, 320) if traag else pyr.randint(120, 180)
        rm, rd = np.array(rm, np.int64), np.array(rd, np.int64)
        order = np.lexsort((rd, rm))
        return pl.DataFrame([self._maatregel_ids(rm[order]), self._datum(rd[order], "datum")])

    def _plannen(self) -> pl.DataFrame:
        rng, m, p, n, E = self.rng, self.m, self.p, self.n, self.E
        cluster = m["cluster"]
        deadline = m["start"] + norms.K2_DAGEN
        kans = self.cl("plan")[cluster] * (1 - 0.4 * self.dip(deadline)) * np.where(p["pad"] == 1, 0.75, 1.0)
        op_tijd = rng.random(n) < kans
        dagen = np.where(op_tijd, rng.integers(10, norms.K2_DAGEN + 1, n),
                         norms.K2_DAGEN + 1 + np.minimum(rng.gamma(2.0, 30.0, n), 400).astype(np.int64))
        eerste = m["start"] + dagen
        ontbreekt = rng.random(n) < 0.04
        eind = np.minimum(m["end"], E)
        rm = [np.flatnonzero(~ontbreekt)]
        rd = [eerste[~ontbreekt]]
        vorige, actief = eerste, ~ontbreekt
        for kans_versie in (.35, .30):
            actief = actief & (rng.random(n) < kans_versie)
            vorige = vorige + rng.integers(150, 420, n)
            rm.append(np.flatnonzero(actief))
            rd.append(vorige[actief])
        rm, rd = np.concatenate(rm), np.concatenate(rd)
        keep = rd <= eind[rm]
        rm, rd = rm[keep], rd[keep]
        order = np.lexsort((rd, rm))
        return pl.DataFrame([self._maatregel_ids(rm[order]), self._datum(rd[order], "vastgesteld_op")])

    def _hulp(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        rng, m, n, E = self.rng, self.m, self.n, self.E
        geen = rng.random(n) < 0.05
        aantal = np.where(geen, 0, rng.choice((1, 2, 3), n, p=(.55, .30, .15)))
        rm = np.repeat(np.arange(n), aantal)
        volg = np.arange(len(rm)) - np.repeat(np.cumsum(aantal) - aantal, aantal)
        start = m["start"][rm]
        al_bezig = (volg == 0) & (rng.random(len(rm)) < 0.06)  # help already running before the start
        aangevraagd = np.where(volg == 0, start + rng.integers(-20, 60, len(rm)),
                               start + rng.integers(30, 400, len(rm)))
        aangevraagd = np.where(al_bezig, start - rng.integers(60, 400, len(rm)), aangevraagd)
        aangevraagd = np.maximum(aangevraagd, EARLIEST)
        w = np.array([h[1] for h in HULPVORMEN])
        vorm = rng.choice(len(HULPVORMEN), len(rm), p=w / w.sum())
        mediaan = np.array([h[2] for h in HULPVORMEN])[vorm]
        maximum = np.array([h[3] for h in HULPVORMEN])[vorm]
        wacht = np.clip(rng.lognormal(np.log(mediaan), 0.6), 7, maximum).astype(np.int64)
        gestart = np.where(al_bezig, start - rng.integers(0, 59, len(rm)), aangevraagd + wacht)
        gestart = np.maximum(gestart, aangevraagd)
        afgewezen = (rng.random(len(rm)) < 0.07) & ~al_bezig
        gestart = np.where(afgewezen | (gestart > np.minimum(m["end"][rm], E)), OPEN, gestart)
        keep = aangevraagd <= np.minimum(m["end"][rm], E)
        rm, aangevraagd, gestart, vorm, afgewezen = rm[keep], aangevraagd[keep], gestart[keep], vorm[keep], afgewezen[keep]
        order = np.lexsort((aangevraagd, rm))
        rm, aangevraagd, gestart, vorm, afgewezen = rm[order], aangevraagd[order], gestart[order], vorm[order], afgewezen[order]
        hulp = pl.DataFrame([
            self._ids("H", np.arange(1, len(rm) + 1), "hulp_id", 7),
            self._maatregel_ids(rm),
            _labels("hulpvorm", [h[0] for h in HULPVORMEN], vorm),
            self._datum(aangevraagd, "aangevraagd_op"),
            self._datum(gestart, "gestart_op"),
            pl.Series("afgewezen", afgewezen),
        ])
        return hulp, pl.DataFrame([self._maatregel_ids(np.flatnonzero(geen))])

    # ------------------------------------------------------------------ contacts

    def _drager(self, mi: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Worker carrying measure mi at day (vast or in_doorstroom row), else -1."""
        return self._drager_rol(mi, day)[0]

    def _drager_rol(self, mi: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(worker, rol: 0 vast, 1 in_doorstroom) carrying measure mi at day, else (-1, -1)."""
        t = self.toew
        rows = pl.DataFrame({k: t[k] for k in ("m", "van", "tot", "w", "rol")}).sort("van")
        q = pl.DataFrame({"m": mi, "d": day, "k": np.arange(len(mi))}).sort("d")
        j = q.join_asof(rows, left_on="d", right_on="van", by="m", strategy="backward", check_sortedness=False).sort("k")
        w = j["w"].fill_null(-1).to_numpy()
        tot = j["tot"].fill_null(0).to_numpy()
        draagt = (w >= 0) & (day < tot)
        return np.where(draagt, w, -1), np.where(draagt, j["rol"].fill_null(-1).to_numpy(), -1)

    def _woon_op(self, mi: np.ndarray, day: np.ndarray) -> np.ndarray:
        v = self.v
        rows = pl.DataFrame({"m": v["m"], "van": v["van"], "woon": v["woon"]}).sort("van")
        q = pl.DataFrame({"m": mi, "d": day, "k": np.arange(len(mi))}).sort("d")
        j = q.join_asof(rows, left_on="d", right_on="van", by="m", strategy="backward", check_sortedness=False).sort("k")
        return j["woon"].fill_null(-1).to_numpy()

    def _contacten(self) -> pl.DataFrame:
        rng, m, p, E, S0 = self.rng, self.m, self.p, self.E, self.S0
        soort, cluster = m["soort"], m["cluster"]
        druk = self.cl("druk")[cluster]
        eind_m = np.minimum(m["end"], E)  # last day with possible contacts
        delen = []

        # 1. First contact (aanvangsgesprek), for every measure.
        ref = np.where(m["kennisgeving"] >= 0, m["kennisgeving"], m["start"])
        deadline = self.wd_plus(ref, norms.K1_WERKDAGEN)
        kans = self.cl("eerste_contact")[cluster] * (1 - 0.5 * self.dip(deadline)) \
            * np.where(p["pad"] == 1, 0.6, 1.0)
        n = self.n
        op_tijd = rng.random(n) < kans
        k_op_tijd = rng.choice(6, n, p=[.05, .1, .2, .25, .2, .2])
        soort_laat = rng.choice(3, n, p=[.45, .40, .15])
        k_laat = np.where(soort_laat == 0, rng.integers(6, 11, n),
                          np.where(soort_laat == 1, rng.integers(11, 26, n), rng.integers(26, 61, n)))
        f2f = self.wd_plus(ref, np.where(op_tijd, k_op_tijd, k_laat))
        heeft_f2f = f2f <= eind_m
        bel_eerst = ~op_tijd & (rng.random(n) < 0.4)
        bel = self.wd_plus(ref, rng.integers(1, 6, n))
        heeft_bel = bel_eerst & (bel <= eind_m) & (bel < f2f)
        self.eerste_f2f = np.where(heeft_f2f, f2f, OPEN)
        mi = np.flatnonzero(heeft_f2f)
        jeugdige = rng.random(len(mi)) < 0.75
        ouders = (rng.random(len(mi)) < 0.85) | ~jeugdige
        delen.append(dict(m=mi, d=f2f[mi], vorm=np.full(len(mi), F2F), jeugdige=jeugdige, ouders=ouders,
                          alleen=np.zeros(len(mi), bool), anderen=(jeugdige & ouders).astype(np.int8),
                          pleegzorg=np.zeros(len(mi), bool), aanvang=~heeft_bel[mi],
                          w=self._drager(mi, f2f[mi])))
        mi = np.flatnonzero(heeft_bel)
        delen.append(dict(m=mi, d=bel[mi], vorm=np.where(rng.random(len(mi)) < 0.75, TEL, VIDEO),
                          jeugdige=rng.random(len(mi)) < 0.3, ouders=np.ones(len(mi), bool),
                          alleen=np.zeros(len(mi), bool), anderen=np.full(len(mi), -1, np.int8),
                          pleegzorg=np.zeros(len(mi), bool), aanvang=np.ones(len(mi), bool),
                          w=self._drager(mi, bel[mi])))

        # 2. Regular contacts per carrier period: vast, in-/doorstroom and monitorlijst.
        t = self.toew
        lrows = np.array(self.l_rows, np.int64).reshape(-1, 3)
        seg_m = np.concatenate([t["m"], lrows[:, 0]])
        seg_w = np.concatenate([t["w"], np.full(len(lrows), -1)])
        seg_a = np.maximum(np.concatenate([t["van"], lrows[:, 1]]), S0)
        seg_b = np.minimum(np.concatenate([t["tot"], lrows[:, 2]]), eind_m[seg_m] + 1)  # exclusive
        seg_soort = np.concatenate([t["rol"], np.full(len(lrows), 2)])  # 0 vast, 1 id, 2 lijst
        ok = seg_b > seg_a
        seg_m, seg_w, seg_a, seg_b, seg_soort = seg_m[ok], seg_w[ok], seg_a[ok], seg_b[ok], seg_soort[ok]
        per_jaar_soort = np.array([15.0, 22.0, 11.0, 18.0])
        gezin = np.where(rng.random(n) < 0.85, 365 / 22, 365 / 55)  # in-/doorstroom rhythm per family
        rate = np.where(seg_soort == 0, per_jaar_soort[soort[seg_m]] * (1 - 0.2 * druk[seg_m]),
                        np.where(seg_soort == 1, gezin[seg_m], 5.0))
        aantal = rng.poisson(rate * (seg_b - seg_a) / 365)
        s = np.repeat(np.arange(len(seg_m)), aantal)
        d = seg_a[s] + (rng.random(len(s)) * (seg_b - seg_a)[s]).astype(np.int64)
        keep = (seg_soort[s] != 0) | (rng.random(len(s)) < 1 - 0.25 * self.dip(d))
        s, d = s[keep], d[keep]
        mi, kind = seg_m[s], seg_soort[s]
        vorm_kans = np.array([[.58, .22, .07, .13], [.42, .30, .13, .15], [.20, .65, .05, .10]])
        cum = np.cumsum(vorm_kans[kind], axis=1)
        vorm = (rng.random(len(s))[:, None] > cum).sum(axis=1)
        p_j = np.array([.6, .55, .75, .9])[soort[mi]]
        p_o = np.array([.75, .8, .35, .55])[soort[mi]]
        jeugdige = rng.random(len(s)) < p_j
        ouders = rng.random(len(s)) < p_o
        ouders |= ~jeugdige
        jeugdige &= vorm != OVERLEG
        ouders &= vorm != OVERLEG
        anderen = np.where(rng.random(len(s)) < 0.25, -1, (jeugdige & ouders).astype(np.int8)).astype(np.int8)
        w = np.where(seg_w[s] >= 0, seg_w[s], self._dienst(m["team"][mi], d))
        delen.append(dict(m=mi, d=d, vorm=vorm, jeugdige=jeugdige, ouders=ouders,
                          alleen=np.zeros(len(s), bool), anderen=anderen, pleegzorg=np.zeros(len(s), bool),
                          aanvang=np.zeros(len(s), bool), w=w, regulier=True))

        # 3. Child seen alone (OTS, voogdij): a rhythm per child, ~10% of children below the norm.
        ka = np.flatnonzero(np.isin(soort, (OTS, VOOGDIJ)))
        norm = np.array([norms.k5_norm(WOON[x] if x >= 0 else None, SOORTEN[s_])
                         for x, s_ in zip(self.woon_laatst[ka], soort[ka])], float)
        onder = rng.random(len(ka)) < 0.08 + 0.08 * druk[ka]
        per_jaar = norm * np.where(onder, rng.uniform(0.35, 0.85, len(ka)), rng.uniform(1.2, 1.7, len(ka)))
        interval = 365 / per_jaar
        a = np.maximum(m["start"][ka], S0)
        b = eind_m[ka]
        stappen = np.maximum(np.ceil((b - a) / (0.8 * interval)).astype(np.int64) + 1, 1)
        g = np.repeat(np.arange(len(ka)), stappen)
        inc = interval[g] * rng.uniform(0.8, 1.2, len(g))
        eerste_stap = np.cumsum(stappen) - stappen
        cs = np.cumsum(inc)
        basis = np.repeat(cs[eerste_stap] - inc[eerste_stap], stappen)
        fase = rng.random(len(ka)) * interval
        d = (a[g] + fase[g] + cs - inc - basis).astype(np.int64)
        keep = d <= b[g]
        g, d = g[keep], d[keep]
        mi = ka[g]
        woon = self._woon_op(mi, d)
        pleegzorg = (woon == PLEEG) & (rng.random(len(mi)) < 0.45)
        w = np.where(pleegzorg, -1, self._drager(mi, d))
        keep = pleegzorg | (w >= 0)  # nobody carries the case: nobody sees the child
        mi, d, w, pleegzorg = mi[keep], d[keep], w[keep], pleegzorg[keep]
        u = rng.random(len(mi))
        q_anderen = 0.06 + 0.06 * druk[mi]
        anderen = u < q_anderen
        op_afstand = (u >= q_anderen) & (u < q_anderen + 0.02)
        slapend = (u >= q_anderen + 0.02) & (u < q_anderen + 0.04)
        vorm = np.where(op_afstand, np.where(rng.random(len(mi)) < 0.5, VIDEO, TEL), F2F)
        delen.append(dict(m=mi, d=d, vorm=vorm, jeugdige=~slapend, ouders=np.zeros(len(mi), bool),
                          alleen=np.ones(len(mi), bool), anderen=anderen.astype(np.int8),
                          pleegzorg=pleegzorg, aanvang=np.zeros(len(mi), bool), w=w, regulier=True))

        # Combine; regular contacts only after the first face-to-face meeting.
        kolommen = ("m", "d", "vorm", "jeugdige", "ouders", "alleen", "anderen", "pleegzorg", "aanvang", "w")
        c = {k: np.concatenate([deel[k] for deel in delen]) for k in kolommen}
        regulier = np.concatenate([np.full(len(deel["m"]), deel.get("regulier", False)) for deel in delen])
        keep = ~regulier | (c["d"] > self.eerste_f2f[c["m"]])
        c = {k: v[keep] for k, v in c.items()}
        # Anyone without a carrier (first contact on the monitorlijst...): the team's worker on duty.
        geen = (c["w"] < 0) & ~c["pleegzorg"]
        c["w"][geen] = self._dienst(m["team"][c["m"][geen]], c["d"][geen])
        order = np.lexsort((c["w"], c["vorm"], c["m"], c["d"]))
        c = {k: v[order] for k, v in c.items()}
        self.c_w, self.c_datum = c["w"], c["d"]
        anderen = pl.Series(c["anderen"]).cast(pl.Int8)
        return pl.DataFrame([
            self._ids("C", np.arange(1, len(c["m"]) + 1), "contact_id", 8),
            self._maatregel_ids(c["m"]),
            self._werker_ids(c["w"]),
            self._datum(c["d"], "datum"),
            _labels("vorm", VORM, c["vorm"]),
            pl.Series("met_jeugdige", c["jeugdige"]),
            pl.Series("met_ouders", c["ouders"]),
            pl.Series("kind_alleen", c["alleen"]),
            pl.select(pl.when(anderen >= 0).then(anderen == 1)).to_series().alias("andere_aanwezigen"),
            _labels("door", ("jeugdzorgwerker", "pleegzorgwerker"), c["pleegzorg"].astype(np.int64)),
            pl.Series("aanvangsgesprek", c["aanvang"]),
        ])


class _Klachten:
    """Complaints and their parts for one build (docs/generator.md, "Klachten").

    Where and when a complaint arises follows the build's own state: a complaint about a measure
    falls on a day the measure runs, more often when its team's caseload per FTE is high that
    month and when nobody is its fixed worker that day (plus a random level per team), so the
    association is there but noisy. Everything is drawn from a random stream of its own: the other
    tables are byte for byte the same as without complaints.
    """

    def __init__(self, bouwer: _Bouwer) -> None:
        self.b = bouwer
        self.rng = np.random.default_rng([bouwer.seed, KLACHT_STROOM])

    # ------------------------------------------------------------------ where and when

    def _caseload(self) -> tuple[np.ndarray, int]:
        """Caseload per FTE of each team on the first of each month from H (cases of running vast
        assignments of its youth workers / their FTE), and the month number of H."""
        b = self.b
        t, vast = b.toew, b.toew["rol"] == 0
        jzw = np.array(b.w["functie"]) == "jeugdzorgwerker"
        eerste = int(_maand(np.array([b.H]))[0])
        maanden = np.arange(eerste, int(_maand(np.array([b.E]))[0]) + 1)
        punten = maanden.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        n_teams = len(b.team_id)
        caseload = np.full((n_teams, len(punten)), norms.CASELOAD_NORM)
        for k, p in enumerate(punten):
            loopt = vast & (t["van"] <= p) & (t["tot"] > p)
            zaken = np.bincount(b.w_team[t["w"][loopt]], minlength=n_teams)
            actief = jzw & (b.w_in <= p) & (b.w_uit > p)
            fte = np.bincount(b.w_team[actief], weights=b.w_fte[actief], minlength=n_teams)
            caseload[fte > 0, k] = zaken[fte > 0] / fte[fte > 0]
        return caseload, eerste

    def _wanneer(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(measure or -1, team, day) of every complaint: per calendar year (the part of it in the
        history) KLACHTEN_PER_100 of the young people with a measure running in it, over the days
        measures run, weighted by caseload and fixed worker."""
        b, rng, m = self.b, self.rng, self.b.m
        caseload, eerste = self._caseload()
        niveau = np.exp(rng.normal(0.0, KLACHT_TEAM_SPREIDING, len(b.team_id)))
        gewicht_team = np.exp(KLACHT_CASELOAD_GEVOELIG * (caseload - norms.CASELOAD_NORM)) * niveau[:, None]
        jb = np.flatnonzero(b.team_soort == "jb")
        laatste_jaar = int(_jaar(np.array([b.E]))[0])
        delen_m, delen_team, delen_dag = [], [], []
        for jaar in range(int(_jaar(np.array([b.H]))[0]), laatste_jaar + 1):
            begin, einde = _nieuwjaar(np.array([jaar, jaar + 1]))
            a, z = max(int(begin), b.H), min(int(einde), b.E + 1)  # [a, z): this year within the history
            if z <= a:
                continue
            per_100 = KLACHTEN_PER_100[max(0, len(KLACHTEN_PER_100) - 1 - (laatste_jaar - jaar))]
            jeugdigen = len(np.unique(m["jeugdige"][(m["start"] < z) & (m["end"] > a)]))
            aantal = round(per_100 / 100 * jeugdigen * (z - a) / (einde - begin))  # a fixed number: the fall shows
            zonder = round(aantal * KLACHT_ZONDER_MAATREGEL)
            # Complaints about a measure: candidate days uniform over the days measures run, then
            # drawn with the weight of that team, month and fixed worker.
            van, tot = np.maximum(m["start"], a), np.minimum(m["end"], z)
            duur = np.maximum(tot - van, 0).astype(float)
            n_kandidaten = max(2000, 40 * aantal)
            mi = rng.choice(b.n, n_kandidaten, p=duur / duur.sum())
            dag = van[mi] + (rng.random(n_kandidaten) * duur[mi]).astype(np.int64)
            _, rol = b._drager_rol(mi, dag)
            gewicht = (gewicht_team[m["team"][mi], _maand(dag) - eerste]
                       * np.where(rol == 0, 1.0, KLACHT_ZONDER_VASTE))
            gekozen = rng.choice(n_kandidaten, aantal - zonder, p=gewicht / gewicht.sum())
            delen_m.append(mi[gekozen])
            delen_team.append(m["team"][mi[gekozen]])
            delen_dag.append(dag[gekozen])
            # Without a measure: a JB team, weighted by its size and caseload over the year.
            grootte = np.array([len(b.team_werkers[t]) for t in jb], float)
            maanden = _maand(np.array([a, z - 1])) - eerste
            kans = grootte * gewicht_team[jb, maanden[0]:maanden[1] + 1].mean(axis=1)
            delen_m.append(np.full(zonder, -1))
            delen_team.append(rng.choice(jb, zonder, p=kans / kans.sum()))
            delen_dag.append(rng.integers(a, z, zonder))
        mi, team, dag = (np.concatenate(d).astype(np.int64) for d in (delen_m, delen_team, delen_dag))
        # 2% come in within two months after the measure ended; a few long after (a data problem).
        na = (mi >= 0) & (rng.random(len(mi)) < 0.02)
        na &= m["end"][np.maximum(mi, 0)] <= b.E
        dag[na] = np.minimum(m["end"][mi[na]] + rng.integers(1, 61, int(na.sum())), b.E)
        fout = self._enkele(m["end"] <= b.E - 500, KLACHT_DATAFOUTEN)
        later = m["end"][fout] + rng.integers(400, 500, len(fout))
        return (np.r_[mi, fout], np.r_[team, m["team"][fout]], np.r_[dag, np.minimum(later, b.E)])

    def _enkele(self, mogelijk: np.ndarray, bij_schaal_1: int) -> np.ndarray:
        """Indexes of a few special cases where `mogelijk`: `bij_schaal_1` scaled, at least 1 (when there are)."""
        kandidaten = np.flatnonzero(mogelijk)
        aantal = min(len(kandidaten), max(1, round(bij_schaal_1 * self.b.scale)))
        return self.rng.choice(kandidaten, aantal, replace=False)

    # ------------------------------------------------------------------ the complaints

    def _kies(self, kansen, n: int) -> np.ndarray:
        """n codes drawn with the given probabilities (rows of probabilities: one draw per row)."""
        kansen = np.asarray(kansen, float)
        if kansen.ndim == 1:
            return self.rng.choice(len(kansen), n, p=kansen / kansen.sum())
        cum = np.cumsum(kansen / kansen.sum(axis=1, keepdims=True), axis=1)
        return np.minimum((self.rng.random(n)[:, None] > cum).sum(axis=1), kansen.shape[1] - 1)

    def _termijn(self, start: np.ndarray, dagen: int, kans_tijdig, te_laat_gemiddeld: float) -> np.ndarray:
        """The date of a step after `start`: within `dagen` with chance `kans_tijdig`, else some time after."""
        rng, n = self.rng, len(start)
        tijdig = rng.random(n) < kans_tijdig
        laat = dagen + 1 + rng.gamma(2.0, te_laat_gemiddeld / 2, n).astype(np.int64)
        return start + np.where(tijdig, rng.integers(max(1, dagen // 3), dagen + 1, n), laat)

    def bouw(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        b, rng, m = self.b, self.rng, self.b.m
        mi, team, ontvangen = self._wanneer()
        n = len(mi)
        heeft_m = mi >= 0
        mj = np.maximum(mi, 0)
        _, rol = b._drager_rol(mj, ontvangen)
        rol = np.where(heeft_m, rol, -1)
        zonder_vaste = heeft_m & (rol != 0)

        # Team: the measure's, unless the complaint names another (the Team Extra carrying the case,
        # or another JB team of the cluster); a few name their own measure's team.
        cluster = b.team_cluster[team]
        id_team = np.array(b.id_team)[cluster]
        eigen_team = np.full(n, -1)
        eigen_team[heeft_m & (rol == 1) & (id_team >= 0)] = id_team[heeft_m & (rol == 1) & (id_team >= 0)]
        u = rng.random(n)
        expliciet = heeft_m & (eigen_team < 0) & (u < 0.05)
        eigen_team[expliciet] = team[expliciet]
        ander = heeft_m & (eigen_team < 0) & (u > 0.98) & (b.team_soort[team] == "jb")
        for k in np.flatnonzero(ander):
            collega = b.jb_teams[cluster[k]][b.jb_teams[cluster[k]] != team[k]]
            if len(collega):
                eigen_team[k] = collega[rng.integers(len(collega))]
        eigen_team[~heeft_m] = team[~heeft_m]

        # Who, with whom, through which channel and which route.
        soort = np.where(heeft_m, m["soort"][mj], OTS)
        indiener = self._kies(np.array([KLACHT_INDIENER[s] for s in range(len(SOORTEN))])[soort], n)
        kanaal = self._kies(KLACHT_KANAAL, n)
        bureau = kanaal == 0
        # 0 informal, 1 klachtgesprek, 2 klachtgesprek then committee, 3 committee; -1 another channel
        route = np.where(bureau, self._kies(KLACHT_ROUTE, n), -1)
        commissie = (route == 2) | (route == 3)
        ondersteuning = self._kies(np.where(commissie[:, None], *KLACHT_ONDERSTEUNING[::-1]), n)
        gesprek = (route == 1) | (route == 2)
        bemiddelaar = np.where(bureau, gesprek & (rng.random(n) < 0.55), False)
        wisseling = rng.random(n) < np.where(zonder_vaste, 0.25, 0.15)

        # The route (docs/klachten.md); dates after the export date are dropped below.
        druk = b.cl("druk")[cluster]
        gesprek_op = np.where(gesprek, ontvangen + 3 + rng.gamma(2.0, 5.0, n).astype(np.int64), OPEN)
        vroeg_dicht = (route == 1) & (rng.random(n) < 0.10)  # solved at the conversation: no report
        tijdig = KLACHT_VERSLAG_TIJDIG[0] - KLACHT_VERSLAG_TIJDIG[1] * druk
        verslag_op = np.where(gesprek & ~vroeg_dicht,
                              self._termijn(gesprek_op, norms.KLACHT_VERSLAG_DAGEN, tijdig, 40.0), OPEN)
        commissie_op = np.where(route == 3, ontvangen + rng.integers(3, 31, n),
                                np.where(route == 2, verslag_op + rng.integers(14, 61, n), OPEN))
        ingetrokken = commissie & (rng.random(n) < 0.15)  # withdrawn before the hearing
        zitting = commissie & ~ingetrokken
        stap, stappen = commissie_op, []  # hearing, ruling, the board's response: each after the one before
        termijnen = (norms.KLACHT_HOORZITTING_DAGEN, norms.KLACHT_UITSPRAAK_DAGEN, norms.KLACHT_REACTIE_BESTUUR_DAGEN)
        for dagen, kans, te_laat in zip(termijnen, KLACHT_COMMISSIE_TIJDIG, (25.0, 20.0, 20.0), strict=True):
            stap = np.where(zitting, self._termijn(stap, dagen, kans, te_laat), OPEN)
            stappen.append(stap)
        hoorzitting_op, uitspraak_op, reactie_op = stappen
        afloop = np.full(n, -1)  # contract.AFLOPEN: opgelost, ingetrokken, uitspraak, verwezen
        afgesloten_op = np.full(n, OPEN)
        for keuze, datum, kansen in (
                (route == 0, ontvangen + 1 + rng.gamma(2.0, 7.0, n).astype(np.int64), (.75, .25, 0, 0)),
                (vroeg_dicht, gesprek_op + rng.integers(0, 11, n), (.7, .3, 0, 0)),
                ((route == 1) & ~vroeg_dicht, verslag_op + rng.integers(0, 22, n), (.8, .08, 0, .12)),
                (ingetrokken, commissie_op + rng.integers(5, 41, n), (.4, .6, 0, 0)),
                (zitting, reactie_op + rng.integers(0, 15, n), (0, 0, 1, 0)),
                (~bureau, ontvangen + rng.integers(30, 241, n), (.25, .15, 0, .6))):
            afgesloten_op = np.where(keuze, datum, afgesloten_op)
            afloop = np.where(keuze, self._kies(kansen, n), afloop)
        datums = {"klachtgesprek_op": gesprek_op, "verslag_op": verslag_op, "commissie_ontvangen_op": commissie_op,
                  "hoorzitting_op": hoorzitting_op, "uitspraak_op": uitspraak_op, "reactie_bestuur_op": reactie_op,
                  "afgesloten_op": afgesloten_op}
        # A few get stuck after each step and stay open (old cases at every stage of the open list).
        stappen = list(datums)[:-1]
        blijft_open = np.zeros(n, bool)
        for j, stap in enumerate(stappen):
            gekozen = self._enkele(~blijft_open & (datums[stap] <= b.E), KLACHT_BLIJFT_OPEN[j])
            for later in stappen[j + 1:]:
                datums[later][gekozen] = OPEN
            blijft_open[gekozen] = True
        datums["afgesloten_op"][blijft_open] = OPEN
        datums = {k: np.where(v > b.E, OPEN, v) for k, v in datums.items()}  # open at the export date
        afloop = np.where(datums["afgesloten_op"] == OPEN, -1, afloop)

        # Parts: distinct categories (more of them at the committee); communication weighs more
        # without a fixed worker. Judged when the ruling is there (before the export date).
        aantal = 1 + np.where(commissie, self._kies(KLACHT_ONDERDELEN[1], n), self._kies(KLACHT_ONDERDELEN[0], n))
        gewicht = np.tile(np.log(KLACHT_CATEGORIE), (n, 1))
        gewicht[zonder_vaste, 1] += math.log(1.5)
        volgorde = np.argsort(-(gewicht + rng.gumbel(size=gewicht.shape)), axis=1)
        ki = np.repeat(np.arange(n), aantal)
        nr = np.arange(len(ki)) - np.repeat(np.cumsum(aantal) - aantal, aantal)
        categorie = volgorde[ki, nr]
        beoordeeld = datums["uitspraak_op"][ki] != OPEN
        oordeel = np.where(beoordeeld, np.where(rng.random(len(ki)) < KLACHT_NIET_ONTVANKELIJK, 2, 1), -1)
        inhoudelijk = rng.permutation(np.flatnonzero(oordeel == 1))  # exactly KLACHT_GEGROND of these gegrond
        oordeel[inhoudelijk[:round(KLACHT_GEGROND * len(inhoudelijk))]] = 0
        self._datafouten(datums, afloop, route, oordeel, ki)

        # Ids in order of receipt.
        orde = np.lexsort((rng.random(n), ontvangen))
        nummer = np.empty(n, np.int64)
        nummer[orde] = np.arange(1, n + 1)
        klacht_ids = b._ids("KL", nummer, "klacht_id")
        klachten = pl.DataFrame([
            klacht_ids,
            b._datum(ontvangen, "ontvangen_op"),
            _labels("kanaal", contract.KANALEN, kanaal),
            _leeg_als(b._maatregel_ids(mj), ~heeft_m),
            _leeg_als(_labels("team_id", b.team_id, np.maximum(eigen_team, 0)), eigen_team < 0),
            _labels("indiener", contract.INDIENERS, indiener),
            _labels("ondersteuning", contract.ONDERSTEUNINGEN, ondersteuning),
            _leeg_als(pl.Series("bemiddelaar", bemiddelaar), ~bureau),
            _leeg_als(pl.Series("wisseling_gevraagd", wisseling), ~bureau),
            *(b._datum(v, k) for k, v in datums.items()),
            _leeg_als(_labels("afloop", contract.AFLOPEN, np.maximum(afloop, 0)), afloop < 0),
        ]).sort("klacht_id")
        onderdelen = pl.DataFrame([
            klacht_ids.gather(ki),
            pl.Series("onderdeel_nr", nr + 1, dtype=pl.Int32),
            _labels("categorie", contract.KLACHT_CATEGORIEEN, categorie),
            _leeg_als(_labels("oordeel", contract.OORDELEN, np.maximum(oordeel, 0)), oordeel < 0),
        ]).sort("klacht_id", "onderdeel_nr")
        return klachten, onderdelen

    def _datafouten(self, datums: dict[str, np.ndarray], afloop: np.ndarray, route: np.ndarray,
                    oordeel: np.ndarray, ki: np.ndarray) -> None:
        """A few registration errors the import accepts and the Datakwaliteit checks find (docs/klachten.md):
        a report sent after the complaint was closed, a klachtgesprek after the committee received the
        complaint, a ruling without judged parts, afloop 'uitspraak' without a ruling (changed in place)."""
        rng, E = self.rng, self.b.E

        def kies(mogelijk: np.ndarray) -> np.ndarray:
            return self._enkele(mogelijk, KLACHT_DATAFOUTEN)

        gesloten = datums["afgesloten_op"] != OPEN
        na_sluiten = kies((route == 1) & gesloten & (datums["verslag_op"] != OPEN)
                          & (datums["afgesloten_op"] + 20 <= E))
        datums["verslag_op"][na_sluiten] = datums["afgesloten_op"][na_sluiten] + rng.integers(1, 21, len(na_sluiten))
        na_commissie = kies((route == 2) & (datums["commissie_ontvangen_op"] + 30 <= E)
                            & (datums["hoorzitting_op"] > datums["commissie_ontvangen_op"] + 11))
        gesprek = datums["commissie_ontvangen_op"][na_commissie] + rng.integers(1, 6, len(na_commissie))
        datums["klachtgesprek_op"][na_commissie] = gesprek
        datums["verslag_op"][na_commissie] = gesprek + rng.integers(1, 6, len(na_commissie))
        niet_beoordeeld = kies(datums["uitspraak_op"] != OPEN)
        oordeel[np.isin(ki, niet_beoordeeld)] = -1
        verkeerde_afloop = kies((route == 1) & (afloop == 0))
        afloop[verkeerde_afloop] = 2


def _leeg_als(reeks: pl.Series, leeg: np.ndarray) -> pl.Series:
    """`reeks` with nulls where `leeg`."""
    return pl.select(pl.when(pl.Series(~np.asarray(leeg, bool))).then(reeks)).to_series().alias(reeks.name)
