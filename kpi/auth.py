"""Roles and scope: who may see what.

An identity (the e-mail address from Streamlit's OIDC login, or a demo user in
local mode) maps to a role and a scope through a TOML file (config/toegang.toml,
or the file named by JB_TOEGANG). The scope travels into every query
(kpi.params.Scope → sql/macros.sql), so the UI cannot widen it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kpi.db import ROOT
from kpi.params import ALLES, Scope

BESTUUR, GEBIEDSMANAGER, GEMEENTE, BEHEER = "bestuur", "gebiedsmanager", "gemeente", "beheer"
ROLLEN = (BESTUUR, GEBIEDSMANAGER, GEMEENTE, BEHEER)
ROL_LABELS = {BESTUUR: "Bestuur en directie", GEBIEDSMANAGER: "Gebiedsmanager", GEMEENTE: "Gemeente",
              BEHEER: "Functioneel beheer"}

TOEGANG_ENV = "JB_TOEGANG"
AUTH_ENV = "JB_AUTH"  # "lokaal" (demo users) or "oidc" (st.login); default: see auth_mode()
LOKAAL, OIDC = "lokaal", "oidc"
DEFAULT_TOEGANG = ROOT / "config" / "toegang.toml"


class ToegangFout(Exception):
    """A configuration that cannot be used, in Dutch."""


@dataclass(frozen=True)
class Gebruiker:
    email: str
    naam: str
    rol: str
    clusters: tuple[str, ...] | None = None
    gemeente: str | None = None

    @property
    def scope(self) -> Scope:
        if self.rol in (BESTUUR, BEHEER):
            return ALLES
        if self.rol == GEBIEDSMANAGER:
            return Scope(clusters=self.clusters or ())
        if self.rol == GEMEENTE:
            return Scope(gemeente=self.gemeente)
        return Scope(clusters=())  # unknown role: nothing

    @property
    def ziet_zaken(self) -> bool:
        """Case lists and workers: never for a municipality."""
        return self.rol in (BESTUUR, GEBIEDSMANAGER, BEHEER)


def auth_mode() -> str:
    """JB_AUTH when set. Otherwise local demo login only with the demo access file: as soon as
    JB_TOEGANG names a production file, the default is OIDC, so a forgotten JB_AUTH can never
    open production data to the password-less demo form."""
    default = LOKAAL if toegang_pad().resolve() == DEFAULT_TOEGANG.resolve() else OIDC
    mode = (os.environ.get(AUTH_ENV) or default).strip().lower()
    if mode not in (LOKAAL, OIDC):
        raise ToegangFout(f"{AUTH_ENV} moet '{LOKAAL}' of '{OIDC}' zijn, niet '{mode}'.")
    return mode


def toegang_pad() -> Path:
    return Path(os.environ.get(TOEGANG_ENV) or DEFAULT_TOEGANG)


def laad_toegang(path: Path | None = None) -> dict[str, Gebruiker]:
    """email (lower case) → Gebruiker, validated."""
    path = path or toegang_pad()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ToegangFout(f"Toegangsbestand {path} ontbreekt.") from error
    except tomllib.TOMLDecodeError as error:
        raise ToegangFout(f"Toegangsbestand {path} is geen geldige TOML: {error}") from error
    users: dict[str, Gebruiker] = {}
    for i, entry in enumerate(data.get("gebruiker", []), start=1):
        email, rol = str(entry.get("email", "")).strip().lower(), entry.get("rol")
        if not email or rol not in ROLLEN:
            raise ToegangFout(f"{path}, gebruiker {i}: e-mail ontbreekt of rol '{rol}' is onbekend "
                              f"(kies uit {', '.join(ROLLEN)}).")
        clusters = tuple(entry["clusters"]) if "clusters" in entry else None
        if rol == GEBIEDSMANAGER and not clusters:
            raise ToegangFout(f"{path}, gebruiker {email}: een gebiedsmanager heeft minstens één cluster nodig.")
        if rol == GEMEENTE and not entry.get("gemeente"):
            raise ToegangFout(f"{path}, gebruiker {email}: een gemeentegebruiker heeft een gemeentecode nodig.")
        users[email] = Gebruiker(email=email, naam=entry.get("naam", email), rol=rol,
                                 clusters=clusters if rol == GEBIEDSMANAGER else None,
                                 gemeente=entry.get("gemeente") if rol == GEMEENTE else None)
    return users


def gebruiker_voor(email: str | None, users: dict[str, Gebruiker] | None = None) -> Gebruiker | None:
    """The user for an identity, or None (no role: no data)."""
    if not email:
        return None
    users = users if users is not None else laad_toegang()
    return users.get(email.strip().lower())
