"""Command line: `python -m kpi generate|import|demo|herbouw|report|klachtenjaar|snapshots|restore|toegang ...`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from kpi.core.params import Filters
from kpi.data import build
from kpi.data import db as kdb

DEMO_SEED = 42
DEMO_SCALE = 1.0
DEMO_STAMP = kdb.DATA_DIR / "demo.stamp"


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"'{text}' is geen datum (gebruik JJJJ-MM-DD)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kpi", description="JB-stuurinformatie: KPI-motor")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="schrijf een synthetische export (contractformaat)")
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=DEMO_SEED)
    gen.add_argument("--scale", type=float, default=DEMO_SCALE)

    imp = sub.add_parser("import", help="valideer en laad een exportmap")
    imp.add_argument("map", type=Path)
    imp.add_argument("--db", type=Path, default=None, help="databasebestand (standaard: $JB_DATABASE of de demo)")
    imp.add_argument("--gebruiker", default=None)

    demo = sub.add_parser("demo", help="bouw de demo-database (alleen als die ontbreekt of verouderd is)")
    demo.add_argument("--force", action="store_true", help="altijd opnieuw bouwen")

    herbouw = sub.add_parser("herbouw", help="bouw een verouderde database opnieuw op uit haar eigen tabellen",
                             description="Een database die door een andere versie van het dashboard is gemaakt, "
                                         "wordt opnieuw opgebouwd uit haar eigen tabellen (zoals een import: een "
                                         "nieuw bestand, de huidige versie gaat naar backups/). Het dashboard doet "
                                         "dit zelf bij het openen; dit commando doet het vooraf.")
    herbouw.add_argument("--db", type=Path, default=None, help="databasebestand (standaard: $JB_DATABASE of de demo)")

    rep = sub.add_parser("report", help="alle KPI's als één JSON-object")
    source = rep.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="exportmap (wordt eerst gevalideerd en geladen)")
    source.add_argument("--db", type=Path, help="databasebestand")
    rep.add_argument("--peildatum", type=_date, default=None, help="standaard: de exportdatum")
    rep.add_argument("--van", type=_date, required=True)
    rep.add_argument("--tot", type=_date, required=True)
    rep.add_argument("--cluster")
    rep.add_argument("--team")
    rep.add_argument("--gemeente")
    rep.add_argument("--soort")
    rep.add_argument("--json", action="store_true", help="JSON-uitvoer (standaard)")

    jaar = sub.add_parser("klachtenjaar", help="jaaroverzicht klachten (PDF en Excel), drie jaar naast elkaar")
    jaar.add_argument("--jaar", type=int, required=True, help="het laatste van de drie jaren, bijv. 2025")
    jaar.add_argument("--out", type=Path, required=True, help="map voor klachten_<jaar>.pdf en .xlsx")
    jaar.add_argument("--db", type=Path, default=None, help="databasebestand (standaard: $JB_DATABASE of de demo)")

    sub.add_parser("serve", help="start het dashboard (overige opties gaan naar streamlit run)")

    terug = sub.add_parser("restore", help="zet een backup van de database terug (standaard de nieuwste)",
                           description="Zet een backup uit de map backups/ naast de database terug, zoals de "
                                       "pagina Gegevens doet: de huidige database wordt eerst zelf een backup, "
                                       "dus nog een keer terugzetten maakt het ongedaan.")
    terug.add_argument("--db", type=Path, default=None, help="databasebestand (standaard: $JB_DATABASE of de demo)")
    terug.add_argument("--lijst", action="store_true", help="toon de backups, terugzetten gebeurt dan niet")
    terug.add_argument("--backup", help="nummer uit --lijst (1 = nieuwste) of bestandsnaam van de backup")
    terug.add_argument("--gebruiker", default=None, help="naam in het logboek (standaard: de gebruiker van het systeem)")

    toegang = sub.add_parser("toegang", help="controleer een toegangsbestand")
    toegang_sub = toegang.add_subparsers(dest="actie", required=True)
    check = toegang_sub.add_parser("check", help="controleer een toegangsbestand (exit 0: in orde, 1: fouten)")
    check.add_argument("bestand", type=Path)
    check.add_argument("--db", type=Path, default=None,
                       help="controleer clusters en gemeentecodes tegen deze database (standaard: $JB_DATABASE of "
                            "de demo, als die te openen is)")

    pakket = sub.add_parser("bestuurspakket", help="het bestuurspakket als toegankelijke PDF (PDF/UA)")
    pakket.add_argument("--peildatum", type=_date, default=None, help="standaard: de exportdatum")
    pakket.add_argument("--out", type=Path, required=True, help="map waarin de PDF komt")
    pakket.add_argument("--db", type=Path, default=None, help="databasebestand (standaard: $JB_DATABASE of de demo)")
    pakket.add_argument("--van", type=_date, default=None,
                        help="begin van de periode van K1-K3 (standaard: begin van het kwartaal van de peildatum)")
    pakket.add_argument("--tot", type=_date, default=None, help="einde van die periode (standaard: de peildatum)")

    snap = sub.add_parser("snapshots", help="kwartaalsnapshots voor alle gemeenten")
    snap.add_argument("--kwartaal", required=True, help="bijv. 2025Q2")
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--db", type=Path, default=None)
    snap.add_argument("--gemeente", action="append", help="alleen deze gemeente(n)")
    return parser


def _import(folder: Path, database: Path, gebruiker: str | None = None) -> int:
    from kpi.data.importer import importeer

    def voortgang(fraction: float, tekst: str) -> None:
        print(f"\r[{'#' * int(fraction * 30):<30}] {tekst[:60]:<60}", end="", file=sys.stderr, flush=True)

    result = importeer(folder, database, gebruiker=gebruiker, voortgang=voortgang)
    print(file=sys.stderr)
    # The same attempts log as the Gegevens page: a rejected import leaves the database untouched,
    # so it is recorded next to it (file names and hashes of what was offered).
    from kpi.data.upload import Upload, beschrijf, registreer_import

    paths = sorted(p for p in Path(folder).glob("*") if p.is_file()) if Path(folder).is_dir() else []
    offered = [beschrijf(Upload.van_pad(path), max_bytes=None) for path in paths]
    registreer_import(database, gebruiker or _systeemgebruiker(), result, offered)
    print(result.rapport())
    return 0 if result.geslaagd else 1


def demo_fingerprint() -> str:
    """Changes whenever the generator, the contract, the import or the build version (all SQL, the
    norms and the build code: kpi/data/build.py) change."""
    digest = hashlib.sha256(f"{DEMO_SEED}/{DEMO_SCALE}/{build.version()}".encode())
    for path in ("kpi/data/generator.py", "kpi/data/contract.py", "kpi/data/importer.py", "kpi/data/persoonsgegevens.py"):
        digest.update((kdb.ROOT / path).read_bytes())
    return digest.hexdigest()


def build_demo(force: bool = False) -> int:
    from kpi.data.generator import generate

    fingerprint = demo_fingerprint()
    if (not force and kdb.DEMO_DB.is_file() and DEMO_STAMP.is_file()
            and DEMO_STAMP.read_text().strip() == fingerprint):
        print(f"Demo-database is actueel: {kdb.DEMO_DB}")
        return 0
    kdb.DATA_DIR.mkdir(exist_ok=True)
    _waarschuw_bij_eigen_import(kdb.DEMO_DB)
    print(f"Demo-data genereren (seed {DEMO_SEED}, schaal {DEMO_SCALE:g})...", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), seed=DEMO_SEED, scale=DEMO_SCALE)
        code = _import(Path(tmp), kdb.DEMO_DB, gebruiker="demo")
    if code == 0:
        DEMO_STAMP.write_text(fingerprint + "\n")
    return code


def _waarschuw_bij_eigen_import(database: Path) -> None:
    """Say so when the demo file being rebuilt holds an export someone imported (e.g. on the Gegevens page)."""
    from kpi.data.upload import samenvatting

    if not database.is_file():
        return
    try:
        huidig = samenvatting(database)
    except Exception:  # noqa: BLE001 - an unreadable demo file is simply rebuilt
        return
    if huidig.gebruiker not in (None, "demo"):
        print(f"Let op: de demo-database bevat een import van {huidig.gebruiker} (exportdatum "
              f"{huidig.exportdatum}). Die wordt nu vervangen door de demo-data; de huidige versie gaat naar "
              f"{database.parent / 'backups'} en is terug te zetten op de pagina Gegevens.", file=sys.stderr)


def _restore(database: Path, lijst: bool, keuze: str | None, gebruiker: str | None) -> int:
    """List the backups of `database`, or put one back (upload.terugzetten: the page's swap and log)."""
    from kpi.data import upload

    versies = upload.backups(database)
    if not versies:
        print(f"Er is geen backup van {database.name} in {database.parent / 'backups'}; er valt niets terug te "
              f"zetten.", file=sys.stdout if lijst else sys.stderr)
        return 0 if lijst else 1
    if lijst:
        print(f"Backups van {database} (1 = nieuwste; 'python -m kpi restore' zet nummer 1 terug):")
        for nummer, versie in enumerate(versies, start=1):
            print(f"{nummer:>3}  {versie.pad.name}  {_versie_tekst(versie)}")
        return 0
    gekozen = versies[0]
    if keuze is not None:
        if keuze.isdigit() and 1 <= int(keuze) <= len(versies):
            gekozen = versies[int(keuze) - 1]
        else:
            gekozen = next((v for v in versies if v.pad.name == Path(keuze).name), None)
            if gekozen is None:
                print(f"Backup '{keuze}' bestaat niet; kies een nummer (1-{len(versies)}) of een naam uit "
                      f"'python -m kpi restore --lijst'.", file=sys.stderr)
                return 1
    try:
        nu = upload.terugzetten(database, gebruiker or _systeemgebruiker(), gekozen.pad)
    except (OSError, kdb.DatabaseError) as error:
        print(f"Terugzetten is niet gelukt: {error}", file=sys.stderr)
        return 1
    print(f"Teruggezet: {gekozen.pad.name} is nu de database {database} ({_versie_tekst(nu)}). De vervangen versie "
          f"staat in {database.parent / 'backups'}; 'python -m kpi restore' zet die weer terug.")
    return 0


def _versie_tekst(versie) -> str:
    if versie.exportdatum is None:
        return "onleesbaar (geen database van dit dashboard, of beschadigd)"
    tekst = f"exportdatum {versie.exportdatum:%d-%m-%Y}"
    if versie.geimporteerd_op is not None:
        tekst += f", geïmporteerd {versie.geimporteerd_op:%d-%m-%Y %H:%M} door {versie.gebruiker or '–'}"
    if versie.rijen is not None:
        tekst += f", {versie.rijen:,} rijen".replace(",", ".")
    return tekst


def _systeemgebruiker() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def _toegang_check(bestand: Path, database: Path | None) -> int:
    """Validate an access file (and its clusters and municipality codes against a database)."""
    from kpi.data import auth

    toegang, opmerking = auth.controleer_tegen(bestand, database)
    if not toegang.geldig:
        print(auth.fouttekst(toegang, str(bestand)), file=sys.stderr)
        print(f"({opmerking})", file=sys.stderr)
        return 1
    per_rol = {rol: sum(g.rol == rol for g in toegang.gebruikers.values()) for rol in auth.ROLLEN}
    print(f"Toegangsbestand {bestand} is in orde: {len(toegang.gebruikers)} gebruikers "
          f"({', '.join(f'{n} {rol}' for rol, n in per_rol.items() if n)}); {opmerking}.")
    return 0


def _herbouw(database: Path) -> int:
    from kpi.data.importer import rebuild

    if not database.is_file():
        raise kdb.DatabaseError(f"Database {database} bestaat niet.")
    if not build.outdated(build.read_meta(database)):
        print(f"Database {database} is actueel; er is niets opnieuw op te bouwen.")
        return 0
    rebuild(database)
    print(f"Database {database} is opnieuw opgebouwd; de vorige versie staat in {database.parent / 'backups'}.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from kpi.reports.report import build_report

    filters = Filters(cluster=args.cluster, team=args.team, gemeente=args.gemeente, soort=args.soort)
    with tempfile.TemporaryDirectory() as tmp:
        if args.data is not None:
            from kpi.data.importer import importeer

            result = importeer(args.data, Path(tmp) / "report.duckdb", gebruiker="report")
            if not result.geslaagd:
                print(result.rapport(), file=sys.stderr)
                return 1
            database = kdb.Database(Path(tmp) / "report.duckdb")
        else:
            database = kdb.Database(args.db)
        try:
            peildatum = args.peildatum or database.exportdatum
            report = build_report(database, peildatum, args.van, args.tot, filters)
        finally:
            database.close()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _klachtenjaar(jaar: int, out: Path, database: Path) -> int:
    from kpi.reports.klachtenjaar import schrijf

    db = kdb.Database(database)
    try:
        if jaar > db.exportdatum.year:
            print(f"Fout: kies een jaar tot en met {db.exportdatum.year} (het jaar van de export).", file=sys.stderr)
            return 1
        for pad in schrijf(db, jaar, out):
            print(pad)
    finally:
        db.close()
    return 0


def _bestuurspakket(args: argparse.Namespace) -> int:
    from kpi.reports.bestuurspakket import schrijf

    database = kdb.Database(args.db or kdb.default_database_path())
    try:
        peildatum = args.peildatum or database.exportdatum
        if peildatum > database.exportdatum:
            print(f"Fout: de peildatum ligt na de exportdatum ({database.exportdatum:%d-%m-%Y}).", file=sys.stderr)
            return 1
        pad = schrijf(database, peildatum, args.out, args.van, args.tot)
    finally:
        database.close()
    print(f"Bestuurspakket geschreven: {pad}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:  # everything after it belongs to streamlit
        from kpi.serve import serve

        return serve(argv[1:])
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            from kpi.data.generator import generate

            counts = generate(args.out, seed=args.seed, scale=args.scale)
            for table, rows in counts.items():
                print(f"{table:<26} {rows:>10,}".replace(",", "."))
            return 0
        if args.command == "import":
            return _import(args.map, args.db or kdb.default_database_path(), args.gebruiker)
        if args.command == "demo":
            return build_demo(args.force)
        if args.command == "herbouw":
            return _herbouw(args.db or kdb.default_database_path())
        if args.command == "report":
            return _report(args)
        if args.command == "klachtenjaar":
            return _klachtenjaar(args.jaar, args.out, args.db or kdb.default_database_path())
        if args.command == "restore":
            return _restore(args.db or kdb.default_database_path(), args.lijst, args.backup, args.gebruiker)
        if args.command == "toegang":
            return _toegang_check(args.bestand, args.db)
        if args.command == "bestuurspakket":
            return _bestuurspakket(args)
        if args.command == "snapshots":
            from kpi.reports.snapshot_batch import batch_cli

            return batch_cli(args)
    except kdb.DatabaseError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    return 2
