"""Every use of a library's internals, in one place: Altair's schema machinery and Streamlit's
private APIs. Each was written against the versions pinned in requirements.txt (PINNED); after an
upgrade, tests/test_patches.py fails until someone has checked each function here against the new
version and updated PINNED.

- Altair: `schema_lookup_once` (validation and schema lookups done once, not per chart).
- Streamlit: `no_pages_directory` (never the legacy pages/ folder mode), `requested_page` (the URL
  path the browser asked for), `altair_globals_lock` (the lock st.altair_chart converts under),
  `arrow_bytes` (a chart's rows in the form st.vega_lite_chart sends them), `UnhashableParamError`
  (what st.cache_resource raises for an argument it cannot hash), `run_streamlit` (its command line),
  `static_folder_in_dutch` (its index.html with `lang="nl"`).
"""

from __future__ import annotations

import functools
import importlib
import re
from pathlib import Path

import altair as alt
from streamlit import dataframe_util
from streamlit.elements.vega_charts import _altair_globals_lock as altair_globals_lock
from streamlit.runtime.caching.cache_errors import UnhashableParamError
from streamlit.runtime.scriptrunner import get_script_run_ctx

PINNED = {"streamlit": "1.67.0", "altair": "6.3.0"}

__all__ = ["PINNED", "UnhashableParamError", "altair_globals_lock", "arrow_bytes", "no_pages_directory",
           "requested_page", "run_streamlit", "schema_lookup_once"]


# ----------------------------------------------------------------- Altair


def schema_lookup_once() -> None:
    """Altair validates every schema object as it is created ("debug mode"); the finished chart is
    validated once more when Streamlit converts it. Validating once is enough and halves the time
    a page spends building its charts.

    And every shorthand in encode() ("norm:Q", alt.value(0)) goes through from_dict, which first
    hashes the JSON schema of each of Altair's ~1,000 schema classes into a lookup table
    (altair 6.x, utils/schemapi.py `_FromDict.__init__`): ~6 ms, eight times per chart, most of
    the time a chart takes to build once its data changes (bench/analyse.md). The table depends
    only on the classes, which are fixed once Altair is imported: build it once per set of
    classes and share it. Lookups only read it (a miss adds an empty list, harmless)."""
    alt.utils.schemapi.disable_debug_mode()
    fromdict = getattr(alt.utils.schemapi, "_FromDict", None)
    if fromdict is None or getattr(fromdict, "_jb_gedeelde_tabel", False):
        return
    bouw = fromdict.__init__
    tabellen: dict[tuple, dict] = {}

    def __init__(self, wrapper_classes, /) -> None:
        classes = tuple(wrapper_classes)
        tabel = tabellen.get(classes)
        if tabel is None:
            bouw(self, classes)
            tabellen[classes] = self.class_dict
        else:
            self.class_dict = tabel

    fromdict.__init__ = __init__
    fromdict._jb_gedeelde_tabel = True

    # The set of classes itself comes from walking the class tree (`_subclasses`, ~1,000 classes)
    # on every call: remember that walk per root class too (schemapi and the generated schema
    # module each hold their own reference to the function).
    walk = alt.utils.schemapi._subclasses
    onthouden = functools.cache(lambda cls: tuple(walk(cls)))
    for module in (alt.utils.schemapi, importlib.import_module("altair.vegalite.v6.schema.core")):
        if getattr(module, "_subclasses", None) is walk:
            module._subclasses = onthouden


# ----------------------------------------------------------------- Streamlit


def no_pages_directory() -> bool:
    """Switch off Streamlit's legacy pages/ folder mode (what st.navigation sets on its first call):
    until then Streamlit would run e.g. /overzicht directly, without app.py (no login, no scope).
    False when this Streamlit has no such switch."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without it has no such mode
        return False
    PagesManager.uses_pages_directory = False
    return True


def requested_page() -> str:
    """The URL path the browser asked for ('' for the root), read from Streamlit's run context."""
    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    return getattr(manager, "intended_page_name", None) or ""


def dutch_static_folder(bron: Path, doel: Path) -> Path:
    """Make `doel` serve what Streamlit's static folder `bron` serves, with `lang="nl"` in index.html.

    Every other entry is a symlink to the original (Streamlit's static handler follows symlinks), so
    nothing of Streamlit's is copied or changed in the installed package."""
    html = (bron / "index.html").read_text(encoding="utf-8")
    nl, n = re.subn(r"<html\b[^>]*>", '<html lang="nl">', html, count=1)
    if n != 1:
        raise RuntimeError(f"{bron / 'index.html'}: geen <html>-tag gevonden om lang=\"nl\" op te zetten")
    doel.mkdir(parents=True, exist_ok=True)
    for item in bron.iterdir():
        if item.name != "index.html":
            (doel / item.name).symlink_to(item)
    (doel / "index.html").write_text(nl, encoding="utf-8")
    return doel


def static_folder_in_dutch() -> str:
    """Serve Streamlit's page as Dutch (WCAG 3.1.1): point its static route (file_util.get_static_dir,
    read when the server starts) at a copy whose index.html says lang="nl", for the life of this
    process. Returns the folder."""
    import atexit
    import shutil
    import tempfile

    from streamlit import file_util

    tijdelijk = Path(tempfile.mkdtemp(prefix="jb-static-"))
    atexit.register(shutil.rmtree, tijdelijk, ignore_errors=True)
    nederlands = str(dutch_static_folder(Path(file_util.get_static_dir()), tijdelijk / "static"))
    file_util.get_static_dir = lambda: nederlands
    return nederlands


def run_streamlit(app, args: list[str]) -> int:
    """`streamlit run app [args]` in this process (Streamlit's command line as a function); its exit code."""
    from streamlit.web import cli  # only the server process needs the command line

    try:
        cli.main(["run", str(app), *args], prog_name="streamlit", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def arrow_bytes(rows) -> bytes:
    """Rows (a chart's inline dataset) as Arrow IPC bytes, as st.vega_lite_chart sends them."""
    return dataframe_util.convert_anything_to_arrow_bytes(rows)
