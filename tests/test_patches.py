"""kpi/presentation/patches.py holds every use of Altair's and Streamlit's internals. They were
checked against the pinned versions only: an upgrade of either makes the first test fail until
each patch has been checked against the new version (and PINNED updated)."""

import re
from importlib import metadata
from pathlib import Path

import altair as alt

from kpi.data.db import ROOT
from kpi.presentation import charts, patches  # noqa: F401 - importing charts applies the Altair patch


def _pin(package: str) -> str:
    text = (ROOT / "requirements.txt").read_text()
    return re.search(rf"^{package}==(\S+)", text, flags=re.M | re.I).group(1)


def test_the_patches_were_checked_against_the_pinned_and_installed_versions():
    for package, version in patches.PINNED.items():
        assert _pin(package) == version, f"{package} {_pin(package)} in requirements.txt: check patches.py"
        assert metadata.version(package) == version, f"{package} {metadata.version(package)} installed"


def test_the_altair_patch_shares_one_schema_table_and_keeps_charts_the_same():
    assert alt.utils.schemapi._FromDict._jb_gedeelde_tabel
    spec = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q", y=alt.value(0)).to_dict()
    assert spec["encoding"] == {"x": {"field": "x", "type": "quantitative"}, "y": {"value": 0}}
    patches.schema_lookup_once()  # a second call changes nothing
    assert alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").to_dict()["encoding"] == \
        {"x": {"field": "x", "type": "quantitative"}}


def test_the_streamlit_internals_are_where_the_patches_expect_them():
    from streamlit.runtime.pages_manager import PagesManager

    assert patches.no_pages_directory() and PagesManager.uses_pages_directory is False
    assert patches.requested_page() == ""  # no script run here
    with patches.altair_globals_lock:  # a lock
        pass
    assert isinstance(patches.arrow_bytes([{"a": 1}]), bytes)
    assert issubclass(patches.UnhashableParamError, Exception)
    from streamlit.web import cli

    assert callable(cli.main)  # what run_streamlit calls


def test_dutch_static_folder_changes_only_the_language(tmp_path):
    """kpi serve serves a copy of Streamlit's static folder whose index.html says lang="nl" (issue 12)."""
    bron = tmp_path / "bron"
    (bron / "static").mkdir(parents=True)
    (bron / "static" / "main.js").write_text("x")
    (bron / "index.html").write_text('<!doctype html>\n<html lang="en">\n<head></head></html>')
    doel = patches.dutch_static_folder(bron, tmp_path / "doel")
    assert (doel / "index.html").read_text() == '<!doctype html>\n<html lang="nl">\n<head></head></html>'
    assert (doel / "static" / "main.js").read_text() == "x"
    assert (bron / "index.html").read_text().count('lang="en"') == 1


def test_streamlit_index_html_has_one_html_tag_to_make_dutch():
    from streamlit import file_util

    html = (Path(file_util.get_static_dir()) / "index.html").read_text()
    assert len(re.findall(r"<html\b", html)) == 1
