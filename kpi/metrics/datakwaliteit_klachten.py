"""Data-quality checks on the complaint registration (../shared/spec/klachten.md), for the
Datakwaliteit page: one `Controle` each, all on the rows of `sql/kwaliteit/klachten.sql`.

Only what the import does not reject already (docs/klachten.md lists both). Part of
`datakwaliteit.CONTROLES`; their case lists start with the complaint (`basis`), and the measure and
young-person ids are there only for a user who may see complaints at case level (the query leaves
them empty otherwise: Scope.klachten).
"""

from __future__ import annotations

from kpi.core import norms
from kpi.metrics.controle import GEBEURTENIS, Controle

KLACHTEN_SQL = "kwaliteit/klachten"
GROEP = "Klachten"
_ROUTE_KOLOMMEN = (("klacht_id", "Klacht"), ("ontvangen_op", "Ontvangen"))
BASIS = (("klacht_id", "Klacht"), ("cluster_naam", "Cluster"), ("team_naam", "Team"), ("maatregel_id", "Maatregel"),
         ("jeugdige_id", "Jeugdige (pseudoniem)"))

KLACHT_CONTROLES: tuple[Controle, ...] = (
    Controle(
        key="klacht_stap_na_afsluiten", titel="Stap in de klachtroute na het afsluiten van de klacht",
        korte_titel="Stap na afsluiten", groep=GROEP, soort=GEBEURTENIS, sql=KLACHTEN_SQL, eenheid="klachten",
        basis=BASIS, vlag="stap_na_afsluiten", populatie="afgesloten", noemer="afgesloten klachten",
        betekenis="De klacht is afgesloten (`afgesloten_op`), maar een stap van de route (klachtgesprek, verslag, "
                  "ontvangst door de klachtencommissie, hoorzitting, uitspraak of reactie van het bestuur) is later "
                  "gedateerd. Een stap op de dag van afsluiten is goed.",
        waarom="Op papier was de klacht al dicht toen er nog iets gebeurde. K8 laat een termijn weg als de klacht "
               "vóór de deadline zonder die stap werd afgesloten, dus deze klacht telt misschien niet mee waar hij "
               "wel hoort. Meestal is de klacht te vroeg afgesloten of is een datum verkeerd ingevoerd.",
        oplossen="Controleer de datums. Liep de klacht nog, zet `afgesloten_op` dan op de dag van de laatste stap (of "
                 "maak hem leeg als de klacht nog loopt).",
        kolommen=(*_ROUTE_KOLOMMEN, ("afgesloten_op", "Afgesloten"), ("laatste_stap_op", "Laatste stap"),
                  ("afloop", "Afloop")),
    ),
    Controle(
        key="klacht_gesprek_na_commissie", titel="Klachtgesprek nadat de klachtencommissie de klacht ontving",
        korte_titel="Klachtgesprek na commissie", groep=GROEP, soort=GEBEURTENIS, sql=KLACHTEN_SQL,
        eenheid="klachten", basis=BASIS, vlag="gesprek_na_commissie", populatie="naar_commissie",
        noemer="klachten bij de klachtencommissie",
        betekenis="Het klachtgesprek (`klachtgesprek_op`) is later dan de dag waarop de klachtencommissie de klacht "
                  "ontving (`commissie_ontvangen_op`). In de route gaat het klachtgesprek aan de commissie vooraf.",
        waarom="Soms vraagt de commissie eerst een gesprek te voeren; dan klopt de volgorde. Vaker is een datum "
               "verwisseld of hoort het gesprek bij een andere klacht. De termijnen van K8 (verslag binnen "
               f"{norms.KLACHT_VERSLAG_DAGEN} dagen na het gesprek, hoorzitting binnen "
               f"{norms.KLACHT_HOORZITTING_DAGEN} dagen na ontvangst door de commissie) rekenen vanaf deze datums.",
        oplossen="Controleer beide datums in de klachtenregistratie en corrigeer de verkeerde.",
        kolommen=(*_ROUTE_KOLOMMEN, ("klachtgesprek_op", "Klachtgesprek"),
                  ("commissie_ontvangen_op", "Ontvangen door commissie")),
    ),
    Controle(
        key="klacht_uitspraak_zonder_oordeel", titel="Uitspraak van de commissie zonder oordeel over een onderdeel",
        korte_titel="Uitspraak zonder oordeel", groep=GROEP, soort=GEBEURTENIS, sql=KLACHTEN_SQL,
        eenheid="klachten", basis=BASIS, vlag="uitspraak_zonder_oordeel", populatie="met_uitspraak",
        noemer="klachten met een uitspraak",
        betekenis="De klachtencommissie heeft uitspraak gedaan (`uitspraak_op`), maar geen enkel onderdeel van de "
                  "klacht heeft een oordeel (gegrond, ongegrond of niet-ontvankelijk).",
        waarom="K8 telt de oordelen per onderdeel. Zonder oordeel ontbreekt de klacht in het percentage gegrond en "
               "in het jaarverslag van het klachtenbureau.",
        oplossen="Neem het oordeel van de commissie per onderdeel over uit de uitspraak.",
        kolommen=(*_ROUTE_KOLOMMEN, ("uitspraak_op", "Uitspraak")),
    ),
    Controle(
        key="klacht_afloop_uitspraak_zonder_uitspraak", titel="Afloop 'uitspraak' zonder uitspraak van de commissie",
        korte_titel="Afloop uitspraak zonder uitspraak", groep=GROEP, soort=GEBEURTENIS, sql=KLACHTEN_SQL,
        eenheid="klachten", basis=BASIS, vlag="afloop_uitspraak_zonder", populatie="afgesloten", noemer="afgesloten klachten",
        betekenis="De klacht is afgesloten met afloop 'uitspraak', maar er is geen datum van de uitspraak "
                  "(`uitspraak_op`, op of vóór de peildatum).",
        waarom="Volgens de afloop deed de klachtencommissie uitspraak, volgens de route niet. De klacht ontbreekt "
               "dan bij de oordelen en de termijnen van de commissie, of de afloop is verkeerd gekozen.",
        oplossen="Vul de datums van de commissieroute in (ontvangen door de commissie, hoorzitting, uitspraak), of "
                 "kies de juiste afloop ('opgelost', 'ingetrokken' of 'verwezen').",
        kolommen=(*_ROUTE_KOLOMMEN, ("afgesloten_op", "Afgesloten"), ("afloop", "Afloop")),
    ),
    Controle(
        key="klacht_lang_na_einde", titel="Klacht ontvangen lang na het einde van de maatregel",
        korte_titel="Klacht lang na einde", groep=GROEP, soort=GEBEURTENIS, sql=KLACHTEN_SQL, eenheid="klachten",
        basis=BASIS, vlag="lang_na_einde", populatie="met_maatregel", noemer="klachten over een maatregel",
        betekenis=f"De klacht is ontvangen meer dan {norms.KLACHT_NA_EINDE_DAGEN} dagen na de einddatum van de "
                  "maatregel waaraan hij is gekoppeld.",
        waarom="Waarschijnlijk hoort de klacht bij een latere maatregel van dezelfde jeugdige, of bij een cliënt "
               "zonder maatregel. Aan de verkeerde maatregel gekoppeld telt de klacht bij het verkeerde team, de "
               "verkeerde gemeente en soort, en als klacht 'zonder vaste jeugdzorgwerker'.",
        oplossen="Koppel de klacht aan de juiste maatregel, of maak `maatregel_id` leeg en vul het `team_id` in van "
                 "het team waarover de klacht gaat.",
        kolommen=(*_ROUTE_KOLOMMEN, ("maatregel_einddatum", "Einddatum maatregel"),
                  ("dagen_na_einde", "Dagen na einde")),
    ),
)
