"""Roles and scope: who may see what, and whether the configuration allows anyone in at all.

An identity (the e-mail address from Streamlit's OIDC login, or a demo user in
local mode) maps to a role and a scope through a TOML file (config/toegang.toml,
or the file named by JB_TOEGANG). The scope travels into every query
(kpi.core.params.Scope → sql/macros.sql), so the UI cannot widen it.

`instelling()` decides from the environment how people log in; the table in
docs/toegang.md lists every case. The demo user picker exists only on the demo
database (data/demo.duckdb) or with the explicit switch JB_DEMO=1; real data
needs an access file of its own (JB_TOEGANG). `controleer()` validates an access
file strictly and reports every error at once with its line number, in Dutch.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kpi.core.params import KLACHTEN_GEEN, KLACHTEN_LIJST, KLACHTEN_ZAKEN, Scope
from kpi.data.db import DEMO_DB, ROOT, default_database_path

BESTUUR, GEBIEDSMANAGER, GEMEENTE, BEHEER = "bestuur", "gebiedsmanager", "gemeente", "beheer"
KLACHTENFUNCTIONARIS = "klachtenfunctionaris"  # complaints at case level, nothing else (klachten.md, "Roles")
ROLLEN = (BESTUUR, GEBIEDSMANAGER, GEMEENTE, BEHEER, KLACHTENFUNCTIONARIS)
ROL_LABELS = {BESTUUR: "Bestuur en directie", GEBIEDSMANAGER: "Gebiedsmanager", GEMEENTE: "Gemeente",
              BEHEER: "Functioneel beheer", KLACHTENFUNCTIONARIS: "Klachtenfunctionaris"}

TOEGANG_ENV = "JB_TOEGANG"
AUTH_ENV = "JB_AUTH"  # "lokaal" (demo users) or "oidc" (st.login); default: see instelling()
DEMO_ENV = "JB_DEMO"  # "1": demo mode on another database than data/demo.duckdb (synthetic data only)
LOKAAL, OIDC = "lokaal", "oidc"
DEFAULT_TOEGANG = ROOT / "config" / "toegang.toml"
_AAN, _UIT = ("1", "ja", "true", "yes"), ("", "0", "nee", "false", "no")

SLEUTELS = ("email", "naam", "rol", "clusters", "gemeente")
_GEMEENTECODE = re.compile(r"GM\d{4}")  # a CBS municipality code
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class ToegangFout(Exception):
    """A configuration that cannot be used, in Dutch. `fouten` holds every error found."""

    def __init__(self, tekst: str, fouten: list[str] | None = None):
        super().__init__(tekst)
        self.fouten = fouten or []


@dataclass(frozen=True)
class Gebruiker:
    email: str
    naam: str
    rol: str
    clusters: tuple[str, ...] | None = None
    gemeente: str | None = None

    @property
    def scope(self) -> Scope:
        """What the role may see, complaints included (Scope.klachten): case level for the board and
        the complaints officer; aggregates and the open-complaint list without measure or young-person
        ids for an area manager and the functional administrator; none for a municipality."""
        if self.rol in (BESTUUR, KLACHTENFUNCTIONARIS):
            return Scope(klachten=KLACHTEN_ZAKEN)
        if self.rol == BEHEER:
            return Scope(klachten=KLACHTEN_LIJST)
        if self.rol == GEBIEDSMANAGER:
            return Scope(clusters=self.clusters or (), klachten=KLACHTEN_LIJST)
        if self.rol == GEMEENTE:
            return Scope(gemeente=self.gemeente, klachten=KLACHTEN_GEEN)
        return Scope(clusters=(), klachten=KLACHTEN_GEEN)  # unknown role: nothing

    @property
    def ziet_klachten(self) -> bool:
        """The Klachten page: every role but a municipality (its snapshot only)."""
        return self.rol in (BESTUUR, GEBIEDSMANAGER, BEHEER, KLACHTENFUNCTIONARIS)

    @property
    def ziet_zaken(self) -> bool:
        """Case lists and workers: never for a municipality."""
        return self.rol in (BESTUUR, GEBIEDSMANAGER, BEHEER)

    @property
    def is_beheer(self) -> bool:
        return self.rol == BEHEER


# --------------------------------------------------------------------------- how people log in


@dataclass(frozen=True)
class Instelling:
    """How this server lets people in: the login mode, the access file, and whether it is a demo."""

    modus: str  # LOKAAL (the demo user picker) or OIDC (st.login)
    pad: Path  # the access file
    demo: bool  # the demo database, or JB_DEMO=1

    @property
    def demogebruikers(self) -> bool:
        """The built-in demo access file: its clusters and codes are those of the demo data (a test checks
        that), so on other synthetic data (JB_DEMO=1) they are not checked against the database."""
        return self.pad.resolve() == DEFAULT_TOEGANG.resolve()


def is_demo(database: Path | None = None) -> bool:
    """True on the demo database (data/demo.duckdb) or with JB_DEMO=1."""
    schakelaar = (os.environ.get(DEMO_ENV) or "").strip().lower()
    if schakelaar not in _AAN + _UIT:
        raise ToegangFout(f"{DEMO_ENV} moet 1 (demomodus) of 0 zijn, niet '{schakelaar}'.")
    database = Path(database) if database is not None else default_database_path()
    return schakelaar in _AAN or database.resolve() == DEMO_DB.resolve()


def instelling(database: Path | None = None) -> Instelling:
    """The login configuration for `database` (default: the dashboard's), or ToegangFout in Dutch.

    Demo (the demo database or JB_DEMO=1): without JB_TOEGANG the demo users of config/toegang.toml
    and the user picker; with JB_TOEGANG the default is OIDC, JB_AUTH=lokaal shows that file's users
    in the picker. Any other database: JB_TOEGANG must name an access file of its own (not the demo
    file) and the login is OIDC; the picker (JB_AUTH=lokaal) is refused.
    """
    demo = is_demo(database)
    gegeven = (os.environ.get(TOEGANG_ENV) or "").strip()
    pad = Path(gegeven) if gegeven else DEFAULT_TOEGANG
    demobestand = pad.resolve() == DEFAULT_TOEGANG.resolve()
    modus = (os.environ.get(AUTH_ENV) or (LOKAAL if demobestand else OIDC)).strip().lower()
    if modus not in (LOKAAL, OIDC):
        raise ToegangFout(f"{AUTH_ENV} moet '{LOKAAL}' of '{OIDC}' zijn, niet '{modus}'.")
    if not demo:
        if demobestand:
            raise ToegangFout(
                "Er is geen toegangsbestand ingesteld voor deze gegevens. Het dashboard toont echte gegevens "
                f"alleen met een eigen toegangsbestand: zet {TOEGANG_ENV} op dat bestand (zie docs/toegang.md). "
                "De demogebruikers gelden alleen voor de demo-database.")
        if modus == LOKAAL:
            raise ToegangFout(
                f"Inloggen met een keuzelijst ({AUTH_ENV}=lokaal) kan alleen op de demo-database. Gebruik voor "
                f"deze gegevens de inlog van de organisatie ({AUTH_ENV}=oidc), of zet {DEMO_ENV}=1 voor een "
                "omgeving met alleen synthetische gegevens.")
    return Instelling(modus, pad, demo)


def auth_mode() -> str:
    """The login mode of the dashboard's configuration (ToegangFout when there is none)."""
    return instelling().modus


def toegang_pad() -> Path:
    return Path((os.environ.get(TOEGANG_ENV) or "").strip() or DEFAULT_TOEGANG)


def oidc_fout() -> tuple[str, str] | None:
    """(Dutch message, technical detail) when st.login cannot work: Authlib missing or the [auth]
    secrets incomplete; None when it can."""
    from streamlit.auth_util import is_authlib_installed, validate_auth_credentials
    from streamlit.errors import StreamlitAuthError

    if not is_authlib_installed():
        return ("Inloggen via de organisatie is niet mogelijk: een onderdeel ontbreekt op de server.",
                "Authlib>=1.3.2 is niet geïnstalleerd (requirements.txt)")
    try:
        validate_auth_credentials("default")
    except StreamlitAuthError as error:
        return ("Inloggen via de organisatie is nog niet ingesteld op de server (de sectie [auth] van de "
                "Streamlit-secrets ontbreekt of is onvolledig).", " ".join(str(error).split()))
    return None


# --------------------------------------------------------------------------- the access file


@dataclass
class Toegang:
    """An access file as read: the users when it is valid, otherwise every error with its line."""

    pad: Path
    gebruikers: dict[str, Gebruiker] = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)
    regels: dict[str, dict[str, int]] = field(default_factory=dict)  # email -> key (or "") -> line

    @property
    def geldig(self) -> bool:
        return not self.fouten


def controleer(pad: Path, clusters: set[str] | None = None, gemeenten: set[str] | None = None) -> Toegang:
    """Read and validate an access file; every error at once, each with its line number.

    With `clusters` and `gemeenten` (the ids in the database) the clusters and municipality codes
    of the users must exist there too.
    """
    pad = Path(pad)
    toegang = Toegang(pad)
    try:
        tekst = pad.read_text(encoding="utf-8")
    except FileNotFoundError:
        toegang.fouten.append("het toegangsbestand ontbreekt: het bestand bestaat niet")
        return toegang
    except (OSError, UnicodeDecodeError) as error:
        toegang.fouten.append(f"het toegangsbestand kan niet worden gelezen ({type(error).__name__})")
        return toegang
    try:
        data = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as error:
        toegang.fouten.append(_toml_fout(error))
        return toegang
    koppen, sleutelregels, bovenaan = _regelnummers(tekst)
    for sleutel in data:
        if sleutel != "gebruiker":
            hint = " Een gebruiker staat onder de kop [[gebruiker]]." if sleutel.startswith("gebruiker") else ""
            toegang.fouten.append(f"{_regel(bovenaan.get(sleutel))}onbekende sleutel '{sleutel}' buiten een "
                                  f"[[gebruiker]].{hint}")
    lijst = data.get("gebruiker", [])
    if not isinstance(lijst, list) or not all(isinstance(e, dict) for e in lijst):
        toegang.fouten.append(f"{_regel(bovenaan.get('gebruiker'))}elke gebruiker staat onder een eigen kop "
                              f"[[gebruiker]] (met dubbele haken).")
        return toegang
    if not lijst and not toegang.fouten:
        toegang.fouten.append("het toegangsbestand bevat geen enkele gebruiker ([[gebruiker]]), dus niemand "
                              "heeft toegang")
    # Line numbers only when every entry is a [[gebruiker]] table of its own (the usual form).
    regels_per = sleutelregels if len(koppen) == len(lijst) else [{} for _ in lijst]
    koppen = koppen if len(koppen) == len(lijst) else [None] * len(lijst)
    eerste: dict[str, int | None] = {}
    for nummer, (entry, kop, regels) in enumerate(zip(lijst, koppen, regels_per, strict=True), start=1):
        waar = partial(_waar, kop, regels, nummer)
        gebruiker = _gebruiker(entry, waar, toegang.fouten)
        if gebruiker is None:
            continue
        if gebruiker.email in eerste:
            vorige = eerste[gebruiker.email]
            toegang.fouten.append(
                f"{waar('email')}dit e-mailadres staat al bij de gebruiker op regel {vorige} (hoofdletters en "
                f"spaties tellen niet mee). Elk adres mag één keer voorkomen: voeg de twee samen."
                if vorige else f"{waar('email')}dit e-mailadres staat al bij een eerdere gebruiker.")
            continue
        eerste[gebruiker.email] = kop
        toegang.gebruikers[gebruiker.email] = gebruiker
        toegang.regels[gebruiker.email] = {"": kop, **regels} if kop else {}
    if clusters is not None or gemeenten is not None:
        toegang.fouten += verwijzingen(toegang, clusters, gemeenten)
    if toegang.fouten:
        toegang.gebruikers = {}
        toegang.fouten.sort(key=_regelnummer)  # in the order of the file; stable for equal lines
    return toegang


def controleer_tegen(pad: Path, database: Path | None = None) -> tuple[Toegang, str]:
    """`controleer` against the clusters and municipality codes of a database: `database`, which must
    open, or else the dashboard's own when it opens. Returns the result and what it was checked against."""
    from kpi.data.db import Database, DatabaseError

    bron = database or default_database_path()
    try:
        db = Database(bron)
    except DatabaseError as error:
        if database is not None:  # asked for explicitly: it must open
            raise
        return controleer(pad), f"niet gecontroleerd tegen een database ({bron} is niet te openen: {error.melding})"
    try:
        clusters, gemeenten = bekende_codes(db)
    finally:
        db.close()
    return controleer(pad, clusters, gemeenten), f"clusters en gemeentecodes gecontroleerd tegen {bron}"


def bekende_codes(database) -> tuple[set[str], set[str]]:
    """The cluster ids and municipality codes in a kpi.data.db.Database: what an access file may name."""
    clusters = set(database.sql("select cluster_id from clusters")["cluster_id"].to_list())
    gemeenten = set(database.sql("select gemeente_code from gemeenten")["gemeente_code"].to_list())
    return clusters, gemeenten


def verwijzingen(toegang: Toegang, clusters: set[str] | None, gemeenten: set[str] | None) -> list[str]:
    """Errors for clusters and municipality codes of the users that the database does not know."""
    fouten = []
    for email, g in toegang.gebruikers.items():
        regels = toegang.regels.get(email, {})
        if clusters is not None:
            for c in g.clusters or ():
                if c not in clusters:
                    fouten.append(f"{_regel(regels.get('clusters'))}cluster '{c}' bestaat niet in de huidige "
                                  f"gegevens (bekend: {', '.join(sorted(clusters)) or 'geen'}).")
        if gemeenten is not None and g.gemeente and g.gemeente not in gemeenten:
            fouten.append(f"{_regel(regels.get('gemeente'))}gemeente '{g.gemeente}' bestaat niet in de huidige "
                          f"gegevens.")
    return fouten


def laad_toegang(path: Path | None = None, clusters: set[str] | None = None,
                 gemeenten: set[str] | None = None) -> dict[str, Gebruiker]:
    """email (lower case) → Gebruiker for a valid access file; ToegangFout with every error otherwise."""
    toegang = controleer(path or toegang_pad(), clusters, gemeenten)
    if not toegang.geldig:
        raise ToegangFout(fouttekst(toegang), toegang.fouten)
    return toegang.gebruikers


def fouttekst(toegang: Toegang, naam: str | None = None) -> str:
    """The errors of an access file as one Dutch text (the file named by `naam`, default its name)."""
    n = len(toegang.fouten)
    kop = f"Het toegangsbestand {naam or toegang.pad.name} heeft {n} {'fout' if n == 1 else 'fouten'}:"
    return "\n".join([kop, *(f"- {f}" for f in toegang.fouten)])


def gebruiker_voor(email: str | None, users: dict[str, Gebruiker] | None = None) -> Gebruiker | None:
    """The user for an identity, or None (no role: no data)."""
    if not email:
        return None
    users = users if users is not None else laad_toegang()
    return users.get(email.strip().lower())


def _gebruiker(entry: dict, waar, fouten: list[str]) -> Gebruiker | None:
    """One [[gebruiker]] entry as a Gebruiker, or None with its errors appended to `fouten`."""
    aantal = len(fouten)
    for sleutel in entry:
        if sleutel not in SLEUTELS:
            gelijkend = difflib.get_close_matches(sleutel.lower(), SLEUTELS, n=1)
            hint = f" (bedoelt u '{gelijkend[0]}'?)" if gelijkend else ""
            fouten.append(f"{waar(sleutel)}onbekende sleutel '{sleutel}'{hint}; toegestaan zijn "
                          f"{', '.join(SLEUTELS)}.")
    email = entry.get("email")
    if not isinstance(email, str) or not email.strip():
        fouten.append(f"{waar('email')}het e-mailadres ontbreekt (email = \"naam@organisatie.nl\").")
    elif not _EMAIL.fullmatch(email.strip()):
        fouten.append(f"{waar('email')}het e-mailadres is ongeldig (verwacht naam@domein, zonder spaties).")
    naam = entry.get("naam")
    if naam is not None and (not isinstance(naam, str) or not naam.strip()):
        fouten.append(f"{waar('naam')}naam moet een tekst tussen aanhalingstekens zijn.")
    rol = entry.get("rol")
    if rol not in ROLLEN:
        if rol is None:
            fouten.append(f"{waar('')}de rol ontbreekt (kies uit {', '.join(ROLLEN)}).")
        else:
            gelijkend = difflib.get_close_matches(str(rol).lower(), ROLLEN, n=1)
            hint = f" (bedoelt u '{gelijkend[0]}'?)" if gelijkend else ""
            fouten.append(f"{waar('rol')}onbekende rol '{rol}'{hint}; kies uit {', '.join(ROLLEN)}.")
    clusters = _clusters(entry, rol, waar, fouten)
    gemeente = _gemeente(entry, rol, waar, fouten)
    if len(fouten) > aantal:
        return None
    email = email.strip().lower()
    return Gebruiker(email=email, naam=(naam or email).strip(), rol=rol, clusters=clusters, gemeente=gemeente)


def _clusters(entry: dict, rol: object, waar, fouten: list[str]) -> tuple[str, ...] | None:
    if "clusters" not in entry:
        if rol == GEBIEDSMANAGER:
            fouten.append(f"{waar('')}een gebiedsmanager heeft minstens één cluster nodig "
                          f"(clusters = [\"UTR\"]).")
        return None
    waarde = entry["clusters"]
    if rol in ROLLEN and rol != GEBIEDSMANAGER:
        fouten.append(f"{waar('clusters')}clusters geldt alleen voor de rol gebiedsmanager, niet voor {rol}.")
        return None
    if isinstance(waarde, str):
        fouten.append(f"{waar('clusters')}clusters moet een lijst zijn, zoals clusters = [\"{waarde}\"]; nu "
                      f"staat er één tekst.")
        return None
    if not isinstance(waarde, list) or not waarde:
        fouten.append(f"{waar('clusters')}clusters moet een lijst met minstens één cluster zijn, zoals "
                      f"clusters = [\"UTR\"].")
        return None
    if not all(isinstance(c, str) and c.strip() for c in waarde):
        fouten.append(f"{waar('clusters')}elke cluster is een tekst tussen aanhalingstekens, zoals \"UTR\".")
        return None
    dubbel = sorted({c for c in waarde if waarde.count(c) > 1})
    if dubbel:
        fouten.append(f"{waar('clusters')}cluster {', '.join(dubbel)} staat meer dan eens in de lijst.")
    return tuple(c.strip() for c in waarde)


def _gemeente(entry: dict, rol: object, waar, fouten: list[str]) -> str | None:
    if "gemeente" not in entry:
        if rol == GEMEENTE:
            fouten.append(f"{waar('')}een gemeentegebruiker heeft een gemeentecode nodig (gemeente = \"GM0344\").")
        return None
    waarde = entry["gemeente"]
    if rol in ROLLEN and rol != GEMEENTE:
        fouten.append(f"{waar('gemeente')}gemeente geldt alleen voor de rol gemeente, niet voor {rol}.")
        return None
    if not isinstance(waarde, str):
        soort = "het getal" if isinstance(waarde, int | float) else "de waarde"
        fouten.append(f"{waar('gemeente')}de gemeentecode moet een tekst tussen aanhalingstekens zijn, zoals "
                      f"gemeente = \"GM0344\"; nu staat er {soort} {waarde!r}.")
        return None
    if not _GEMEENTECODE.fullmatch(waarde):
        fouten.append(f"{waar('gemeente')}'{waarde}' is geen CBS-gemeentecode (GM met vier cijfers, zoals "
                      f"\"GM0344\").")
        return None
    return waarde


_KOP = re.compile(r"^\s*\[\[\s*gebruiker\s*\]\]\s*(#.*)?$")
_ANDERE_KOP = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
_SLEUTEL = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _regelnummers(tekst: str) -> tuple[list[int], list[dict[str, int]], dict[str, int]]:
    """Line numbers: of each [[gebruiker]] header, of each key below it, and of top-level keys and tables."""
    koppen: list[int] = []
    sleutels: list[dict[str, int]] = []
    bovenaan: dict[str, int] = {}
    binnen = False
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        if _KOP.match(regel):
            koppen.append(nummer)
            sleutels.append({})
            binnen = True
        elif kop := _ANDERE_KOP.match(regel):
            bovenaan.setdefault(kop.group(1).strip().split(".")[0].strip('"'), nummer)
            binnen = False
        elif sleutel := _SLEUTEL.match(regel):
            naam = sleutel.group(1).strip('"')
            (sleutels[-1] if binnen else bovenaan).setdefault(naam, nummer)
    return koppen, sleutels, bovenaan


def _regelnummer(fout: str) -> int:
    nummer = re.match(r"regel (\d+)", fout)
    return int(nummer.group(1)) if nummer else 0


def _regel(nummer: int | None) -> str:
    return f"regel {nummer}: " if nummer else ""


def _waar(kop: int | None, regels: dict[str, int], nummer: int, sleutel: str) -> str:
    """Where an error of one user is: the line of `sleutel`, else of its [[gebruiker]] header, else
    the user's number in the file."""
    return _regel(regels.get(sleutel, kop)) if kop else f"gebruiker {nummer}: "


def _toml_fout(error: tomllib.TOMLDecodeError) -> str:
    """A TOML syntax error with its line (tomllib's message ends in '(at line 5, column 3)')."""
    tekst = str(error)
    plek = re.search(r"\(at line (\d+), column (\d+)\)", tekst)
    uitleg = tekst[:plek.start()].strip() if plek else tekst
    waar = f"regel {plek.group(1)}, kolom {plek.group(2)}: " if plek else ""
    return (f"{waar}het bestand is geen geldige TOML ({uitleg}). Controleer aanhalingstekens, haken en "
            f"'sleutel = waarde'.")
