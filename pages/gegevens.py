"""Gegevens (functioneel beheer): upload an export, see what was loaded, the import history, restore.

The logic lives in kpi/data/upload.py (unpacking, import through kpi.data.importer, summary,
history); this page draws it. Only role `beheer` gets the page in the navigation,
and the page refuses anyone else itself, so a direct URL does not get around it.
"""

import polars as pl
import streamlit as st

from kpi.core import fouten
from kpi.data import auth, upload
from kpi.data.db import DEMO_DB, DatabaseError, default_database_path
from kpi.presentation import cache, state
from kpi.presentation import format as fmt
from kpi.reports import downloads

RESULTAAT_KEY = "gegevens_resultaat"  # the last import's result, shown after the rerun that loads the new data
TERUGGEZET_KEY = "gegevens_teruggezet"
BEVESTIG_KEY = "gegevens_bevestig_terugzetten"
UPLOADER_KEY = "gegevens_uploader_nr"  # a new key empties the uploader after an import
TONEN_MAX = 100  # error lines shown on screen (text wraps); the download has all of them

gebruiker = st.session_state.get(state.GEBRUIKER_KEY)
if gebruiker is None or gebruiker.rol != auth.BEHEER:
    st.error("Deze pagina is alleen voor functioneel beheer: importeren en terugzetten van gegevens. "
             "Vraag de functioneel beheerder als de gegevens vernieuwd moeten worden.")
    st.stop()

database = default_database_path()

st.title("Gegevens")
st.markdown("Laad een nieuwe export in het dashboard, bekijk wat er geladen is en wanneer, of zet de "
            "vorige database terug. Een export met één fout wordt in zijn geheel geweigerd; de gegevens "
            "die iedereen ziet, blijven dan zoals ze waren.")
st.caption(f"Database: {fmt.md_tekst(database)}")
if database.resolve() == DEMO_DB.resolve():
    st.warning("Dit is de **demo-database**. Een import hier blijft staan, maar `python -m kpi demo` bouwt de "
               "demo opnieuw zodra de code van generator, contract of import verandert (de geïmporteerde "
               "versie gaat dan naar backups/ en is terug te zetten). Zet voor echte gegevens `JB_DATABASE` "
               "op een eigen bestand (zie docs/import.md).", icon=":material/science:")


def _verschil(n: int | None) -> str:
    if n is None:
        return "–"
    return "0" if n == 0 else f"{'+' if n > 0 else '−'}{fmt.nl_getal(abs(n))}"


def toon_samenvatting(titel_vorige: str = "Vorige import") -> None:
    try:
        s = upload.samenvatting(database)
    except Exception as error:  # noqa: BLE001 - a damaged file must not hide the rest of the page
        fouten.toon(error, "De huidige database kan niet worden gelezen. Importeer een export of zet een backup "
                           "terug.", beheerder=True, naam="gegevens")
        return
    kolommen = st.columns(3)
    kolommen[0].metric("Exportdatum", fmt.nl_datum(s.exportdatum))
    kolommen[1].metric("Rijen", fmt.nl_getal(s.totaal))
    kolommen[2].metric("Laatst geïmporteerd", fmt.nl_datum(s.geimporteerd_op.date() if s.geimporteerd_op else None),
                       help=f"{fmt.nl_datum(s.geimporteerd_op)} door {fmt.md_tekst(s.gebruiker or '–')}")
    st.markdown(f"Periode in de gegevens: **{fmt.nl_datum(s.eerste_datum)}** t/m **{fmt.nl_datum(s.laatste_datum)}** "
                f"(de vroegste en de laatste datum in alle datumkolommen).")
    tabel = s.tabellen.select(
        pl.col("tabel").alias("Tabel"),
        # map_elements skips empty cells: one without a previous import is "–", never "None"
        pl.col("rijen").map_elements(fmt.nl_getal, return_dtype=pl.String).fill_null("–").alias("Rijen"),
        pl.col("vorige").map_elements(fmt.nl_getal, return_dtype=pl.String).fill_null("–").alias(titel_vorige),
        pl.col("verschil").map_elements(_verschil, return_dtype=pl.String).fill_null("–").alias("Verschil"))
    st.dataframe(tabel, hide_index=True, width="content", key="gegevens-samenvatting")


def toon_rapport(resultaat: upload.UploadResultaat) -> None:
    r = resultaat.resultaat
    if r.geslaagd:
        st.success(f"**Import geslaagd.** {fmt.nl_getal(sum(r.rijen.values()))} rijen in {len(r.rijen)} tabellen, "
                   f"exportdatum {fmt.nl_datum(r.exportdatum)}. Alle pagina's tonen nu de nieuwe gegevens; de "
                   f"vorige database staat in backups/.", icon=":material/check_circle:")
    else:
        bestanden = len({m.bestand for m in r.fouten})
        st.error(f"**Import afgewezen: {fmt.nl_getal(r.aantal_fouten)} "
                 f"{'fout' if r.aantal_fouten == 1 else 'fouten'} in {bestanden} "
                 f"{'bestand' if bestanden == 1 else 'bestanden'}.** De database is niet gewijzigd. Herstel de "
                 f"fouten in de export (zie de kolom Oplossing) en upload haar opnieuw.", icon=":material/block:")
        foutrapport = upload.fouten_tabel(r.fouten)
        # st.table renders its cells as Markdown: every cell is a value from the upload, shown as text
        getoond = foutrapport.head(TONEN_MAX).select(
            pl.all().cast(pl.String).fill_null("").map_elements(fmt.md_tekst, return_dtype=pl.String))
        if foutrapport.height > TONEN_MAX:
            st.caption(f"De eerste {TONEN_MAX} van {fmt.nl_getal(foutrapport.height)} regels; de download bevat ze "
                       f"allemaal.")
        st.table(getoond.drop("Aantal") if (foutrapport["Aantal"] == 1).all() else getoond)
        st.caption("Het foutrapport downloaden, met alle regels:")
        links, rechts, _ = st.columns([1, 1, 4])
        links.download_button("Download CSV", downloads.csv_bytes(foutrapport), file_name="foutrapport.csv",
                              mime="text/csv", icon=":material/download:", key="fouten-csv")
        rechts.download_button("Download Excel", downloads.excel_bytes(foutrapport, "fouten"),
                               file_name="foutrapport.xlsx", icon=":material/download:", key="fouten-xlsx")
    if r.waarschuwingen:
        with st.expander(f"{len(r.waarschuwingen)} waarschuwing{'en' if len(r.waarschuwingen) != 1 else ''} "
                         f"(de import gaat hierdoor niet mis)"):
            st.markdown("\n".join(f"- {fmt.md_tekst(w)}" for w in r.waarschuwingen))


# ----------------------------------------------------------------- import

st.header("Nieuwe export importeren")
st.markdown(
    f"Kies **één zip-bestand** met de export, of **de losse bestanden**: één `.csv`, `.parquet` of `.xlsx` per "
    f"tabel van het gegevenscontract (zoals `maatregelen.csv`). Maximaal {upload.MAX_UPLOAD_MB} MB per bestand "
    f"en {upload.MAX_UITGEPAKT_MB // 1024} GB uitgepakt; mappen in het zip-bestand mogen. Grotere exports laadt "
    f"de beheerder op de server met `python -m kpi import MAP`.")
nummer = st.session_state.setdefault(UPLOADER_KEY, 0)
gekozen = st.file_uploader("Exportbestanden", type=["zip", "csv", "parquet", "xlsx"], accept_multiple_files=True,
                           key=f"gegevens-upload-{nummer}", max_upload_size=upload.MAX_UPLOAD_MB,
                           help="Sleep de bestanden hierheen of klik om te bladeren.")
if st.button("Controleren en importeren", type="primary", disabled=not gekozen, icon=":material/upload:"):
    st.session_state.pop(RESULTAAT_KEY, None)
    st.session_state.pop(TERUGGEZET_KEY, None)
    with st.status("Export controleren en laden…", expanded=True) as status:
        balk = st.progress(0.0, text="Bestanden uitpakken")

        def voortgang(fractie: float, tekst: str) -> None:
            balk.progress(min(max(fractie, 0.0), 1.0), text=tekst[:1].upper() + tekst[1:])

        resultaat = upload.importeer_upload([upload.Upload.van_streamlit(f) for f in gekozen], database,
                                            gebruiker.email, voortgang=voortgang)
        if resultaat.geslaagd:
            status.update(label="Import geslaagd", state="complete", expanded=False)
        else:
            status.update(label="Import afgewezen: de database is niet gewijzigd", state="error", expanded=False)
    st.session_state[RESULTAAT_KEY] = resultaat
    if resultaat.geslaagd:
        st.session_state[UPLOADER_KEY] = nummer + 1
        cache.wis_caches()  # old entries are keyed by the old file anyway; free them
        st.rerun()  # the sidebar and page headers read the new database

if RESULTAAT_KEY in st.session_state:
    toon_rapport(st.session_state[RESULTAAT_KEY])

# ----------------------------------------------------------------- current data

st.header("Huidige gegevens")
toon_samenvatting()

# ----------------------------------------------------------------- history

st.header("Importgeschiedenis")
st.markdown("Elke import en elk terugzetten, ook afgewezen imports (die de database niet veranderen). "
            "De import met 'ja' in de kolom In gebruik is die waarvan de gegevens nu in het dashboard staan.")
historie = upload.geschiedenis(database)
if historie.is_empty():
    st.info("Er is nog niets geïmporteerd.")
else:
    getoond = historie.select(
        pl.when(pl.col("huidig")).then(pl.lit("ja")).otherwise(pl.lit("")).alias("In gebruik"),
        pl.col("tijdstip").dt.to_string("%d-%m-%Y %H:%M:%S").fill_null("–").alias("Tijdstip"),
        pl.col("gebruiker").fill_null("–").alias("Gebruiker"),
        pl.col("actie").alias("Actie"), pl.col("resultaat").alias("Resultaat"),
        pl.col("exportdatum").dt.to_string("%d-%m-%Y").fill_null("–").alias("Exportdatum"),
        pl.col("rijen").map_elements(fmt.nl_getal, return_dtype=pl.String).fill_null("–").alias("Rijen"),
        pl.col("bestanden").alias("Bestanden (sha256)"), pl.col("toelichting").alias("Toelichting"))
    st.dataframe(getoond, hide_index=True, width="stretch", key="gegevens-historie")
    st.download_button("Importgeschiedenis (CSV)", downloads.csv_bytes(historie),
                       file_name="importgeschiedenis.csv", mime="text/csv", icon=":material/download:",
                       key="historie-csv")

# ----------------------------------------------------------------- restore

st.header("Vorige database terugzetten")
if TERUGGEZET_KEY in st.session_state:
    st.success(st.session_state[TERUGGEZET_KEY], icon=":material/history:")
versies = upload.backups(database)  # newest first; works when the current database cannot be opened


def _versie_label(v: upload.Versie) -> str:
    if v.exportdatum is None:
        return f"{v.pad.name}: onleesbaar"
    return (f"exportdatum {fmt.nl_datum(v.exportdatum)}, geïmporteerd {fmt.nl_datum(v.geimporteerd_op)} door "
            f"{v.gebruiker or '–'} ({fmt.nl_getal(v.rijen)} rijen)")


if not versies:
    st.info("Er is geen vorige database om terug te zetten (er is nog geen backup).")
else:
    vorige = st.selectbox("Backup", versies, format_func=_versie_label, key="gegevens-backup",
                          help="De nieuwste backup staat bovenaan; dat is de database van vóór de laatste import "
                               "of het laatste terugzetten. Op de server: 'python -m kpi restore --lijst'.")
    st.markdown(
        "Terugzetten vervangt de huidige gegevens voor alle gebruikers; de huidige database wordt eerst bewaard "
        "als nieuwste backup, dus nog een keer terugzetten maakt het weer ongedaan.")
    if not st.session_state.get(BEVESTIG_KEY):
        if st.button("Vorige database terugzetten…", icon=":material/history:", disabled=vorige.exportdatum is None):
            st.session_state[BEVESTIG_KEY] = True
            st.rerun()
    else:
        st.warning(f"Weet u het zeker? Het dashboard toont daarna voor iedereen de export van "
                   f"{fmt.nl_datum(vorige.exportdatum)}.", icon=":material/warning:")
        ja, nee, _ = st.columns([1, 1, 4])
        if ja.button("Ja, terugzetten", type="primary", key="terugzetten-ja"):
            st.session_state.pop(BEVESTIG_KEY, None)
            st.session_state.pop(RESULTAAT_KEY, None)
            try:
                nu = upload.terugzetten(database, gebruiker.email, vorige.pad)
            except (OSError, DatabaseError) as error:
                fouten.toon(error, "Terugzetten is niet gelukt; de huidige database is niet veranderd.",
                            beheerder=True, naam="gegevens")
            else:
                st.session_state[TERUGGEZET_KEY] = (
                    f"De vorige database is teruggezet: exportdatum {fmt.nl_datum(nu.exportdatum)}. De vervangen "
                    f"versie staat in backups/.")
                cache.wis_caches()
                st.rerun()
        if nee.button("Annuleren", key="terugzetten-nee"):
            st.session_state.pop(BEVESTIG_KEY, None)
            st.rerun()
