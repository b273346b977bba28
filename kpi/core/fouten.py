"""Failures shown to a person and written to the server log.

A user never sees a traceback or a server path: the browser gets a Dutch message
and a short code (`F-1a2b3c`), the server log gets the same code with every
detail (the traceback, the paths). A functional administrator (role beheer)
also sees the kind of failure and its first line, with paths shortened to their
file name. `.streamlit/config.toml` sets `client.showErrorDetails = "none"`, so
even an exception that escapes app.py's handler shows no details.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

LOGGER_NAAM = "jb"
_OPMAAK = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# An absolute path of two or more parts (/srv/jb/data/prod.duckdb): shortened to its last part.
_PAD = re.compile(r"(?<![\w.:/])(?:/[^\s/'\"()\[\]:,;]+){2,}")


def logger(naam: str | None = None) -> logging.Logger:
    """The project's logger ('jb' or 'jb.<naam>'), writing to the server's stderr.

    One handler on 'jb', added once; records also propagate to the root logger (pytest's
    caplog reads them there). Level INFO, so a refused configuration is logged too.
    """
    basis = logging.getLogger(LOGGER_NAAM)
    if not any(getattr(h, "_jb", False) for h in basis.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_OPMAAK))
        handler._jb = True  # type: ignore[attr-defined]
        basis.addHandler(handler)
        basis.setLevel(logging.INFO)
    return basis.getChild(naam) if naam else basis


def code() -> str:
    """A short reference that ties what a user reports to a line in the server log."""
    return f"F-{uuid.uuid4().hex[:6]}"


def zonder_paden(tekst: object) -> str:
    """`tekst` with every absolute path replaced by its file name (and no line breaks)."""
    kort = _PAD.sub(lambda m: m.group(0).rsplit("/", 1)[-1], str(tekst))
    return " ".join(kort.split())


def eerste_regel(error: BaseException) -> str:
    """The first line of an error's message (DuckDB adds lines with the query), or its kind."""
    regels = str(error).strip().splitlines()
    return regels[0] if regels else type(error).__name__


def samenvatting(error: BaseException) -> str:
    """The kind of failure and its first line, without paths: what an administrator may see."""
    return f"{type(error).__name__}: {zonder_paden(eerste_regel(error))}"


def log_fout(error: BaseException, wat: str, naam: str | None = None) -> str:
    """Log `error` with its traceback under a new code; returns the code."""
    referentie = code()
    logger(naam).error("%s [%s]: %s", wat, referentie, error, exc_info=error)
    return referentie


def toon(error: BaseException, melding: str, beheerder: bool, naam: str = "app",
         waarschuwing: bool = False, icoon: str | None = None) -> str:
    """Show `melding` (our own Dutch text) with a code, log `error` in full under that code; an
    administrator also sees the kind of failure and its first line (as plain text, without paths)."""
    import streamlit as st

    referentie = log_fout(error, melding, naam)
    tekst = f"{melding} Blijft dit gebeuren, meld dan code {referentie} aan de functioneel beheerder."
    (st.warning if waarschuwing else st.error)(tekst, icon=icoon)
    if beheerder:
        st.text(f"Technisch (alleen voor functioneel beheer): {samenvatting(error)}")
    return referentie
