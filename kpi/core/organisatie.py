"""The organisation (the GI) that sends the municipal snapshots: its name and, optionally, its logo.

Read from config/organisatie.toml, or the file named by JB_ORGANISATIE (docs/snapshot.md):

    naam = "Jeugdbescherming Voorbeeld"
    logo = "logo.png"   # optional; PNG, JPEG or SVG, relative to the file

A missing or wrong file is a clear Dutch error (OrganisatieFout): a snapshot never goes out with a
wrong or placeholder name.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ORGANISATIE_ENV = "JB_ORGANISATIE"
STANDAARD = Path(__file__).resolve().parent.parent.parent / "config" / "organisatie.toml"
LOGO_SOORTEN = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
MAX_LOGO_BYTES = 2_000_000


class OrganisatieFout(ValueError):
    """The organisation file cannot be used; the message says which file and what is wrong."""


@dataclass(frozen=True)
class Organisatie:
    naam: str
    logo: bytes | None = None
    logo_type: str | None = None  # MIME type of the logo


def pad() -> Path:
    return Path(os.environ[ORGANISATIE_ENV]) if os.environ.get(ORGANISATIE_ENV) else STANDAARD


def organisatie(bestand: Path | None = None) -> Organisatie:
    """The organisation of `bestand` (default: $JB_ORGANISATIE or config/organisatie.toml)."""
    bestand = bestand or pad()
    try:
        gegevens = tomllib.loads(bestand.read_text(encoding="utf-8"))
    except OSError as error:
        raise OrganisatieFout(f"{bestand}: het organisatiebestand kan niet worden gelezen ({error.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise OrganisatieFout(f"{bestand}: geen geldig TOML-bestand ({error}).") from None
    naam = gegevens.get("naam")
    if not isinstance(naam, str) or not naam.strip() or len(naam) > 120:
        raise OrganisatieFout(f"{bestand}: 'naam' moet een tekst van 1 tot 120 tekens zijn (nu: {naam!r}).")
    logo = gegevens.get("logo", "")
    if not isinstance(logo, str):
        raise OrganisatieFout(f"{bestand}: 'logo' moet een bestandsnaam zijn (nu: {logo!r}).")
    if not logo:
        return Organisatie(naam.strip())
    logo_pad = (bestand.parent / logo).resolve()
    soort = LOGO_SOORTEN.get(logo_pad.suffix.lower())
    if soort is None:
        raise OrganisatieFout(f"{bestand}: logo '{logo}' moet een .png, .jpg of .svg-bestand zijn.")
    try:
        data = logo_pad.read_bytes()
    except OSError as error:
        raise OrganisatieFout(f"{bestand}: logo '{logo}' kan niet worden gelezen ({error.strerror}).") from None
    if not data or len(data) > MAX_LOGO_BYTES:
        raise OrganisatieFout(f"{bestand}: logo '{logo}' is leeg of groter dan 2 MB.")
    return Organisatie(naam.strip(), data, soort)
