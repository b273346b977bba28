"""Screenshots of every page, for every role that sees different pages, at 1440 and 390 px wide.

    .venv/bin/python scripts/screenshots.py [--out tests/artifacts/screens] [--breedte 1440 --breedte 390]

Starts `python -m kpi serve` on the demo database (demo users) on a free port, logs in through the demo
picker with Debian's /usr/bin/chromium (headless, as the browser tests), opens each page by its link and
saves `<rol>_<pagina>_<breedte>.png` (the whole page). For a person to look at (issue 12); the server is
stopped at the end. docs/toegankelijkheid.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (demo user, short name, pages: url paths; None: every page of tests/test_browser.PAGES)
ROLLEN = [
    ("Demo bestuurder", "bestuur", None),
    ("Demo functioneel beheerder", "beheer", ["gegevens"]),
    ("Demo gebiedsmanager Utrecht/Flevoland", "gebiedsmanager", ["overzicht", "werklijst", "caseload", "gemeente"]),
    ("Demo gemeente Holvliet (GM1171)", "gemeente", ["gemeente", "definities"]),
    ("Demo klachtenfunctionaris", "klachtenfunctionaris", ["klachten", "datakwaliteit"]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "artifacts" / "screens")
    parser.add_argument("--breedte", type=int, action="append", help="viewport width in px (repeatable)")
    args = parser.parse_args(argv)
    breedtes = args.breedte or [1440, 390]
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    from kpi.cli import build_demo
    from kpi.data import db as kdb
    from tests.test_browser import (CHROMIUM, CHROMIUM_ARGS, PAGES, _serve, login, no_exception, screenshot,
                                    wait_idle)

    if build_demo() != 0:
        print("De demo-database kon niet worden gebouwd.", file=sys.stderr)
        return 1
    server = _serve(kdb.DEMO_DB, args.out / "server.log")
    url = next(server)
    gemaakt = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for breedte in breedtes:
                context = browser.new_context(viewport={"width": breedte, "height": 900}, locale="nl-NL",
                                              is_mobile=breedte < 600, has_touch=breedte < 600)
                pg = context.new_page()
                for wie, rol, paginas in ROLLEN:
                    for pad in paginas or [path for path, _ in PAGES]:
                        login(pg, url, wie, pad)
                        wait_idle(pg)
                        no_exception(pg)
                        doel = args.out / f"{rol}_{pad}_{breedte}.png"
                        screenshot(pg, doel)
                        gemaakt += 1
                        print(doel.relative_to(ROOT) if doel.is_relative_to(ROOT) else doel)
                context.close()
            browser.close()
    finally:
        next(server, None)  # runs the generator on past its yield: it stops the server
    print(f"{gemaakt} schermafbeeldingen in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
