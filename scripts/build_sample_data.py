"""Build the sample workbook ``sample_data/byr_glamdalen.xlsx``.

Run from anywhere with::

    python scripts/build_sample_data.py

The workbook is fully deterministic: the data is written out below as plain
Python literals, except the employment per industry, which is derived from the
share tables below with exact fractions and largest-remainder rounding. The
xlsx container is normalised (fixed document timestamps and zip entry dates)
so that re-running the script produces a byte-identical file.

Sources: the Kongsvinger employment series 2008-2022 is public
(KommuneProfilen, SSB table 13470, "sysselsatte per 4. kvartal etter
arbeidsstedskommune"), and so is the region's population total on 1.1.2015
(53 232). Everything else -- the other municipalities' figures, the
employment per industry, the population per municipality, the comparison
series, goal texts, indicators, activities and budget lines -- is illustrative
sample data built from the region's status report per 15.02.2016 (see
/work/shared/seed/statusrapport-2016-02-15.txt) and the measures adopted for
phase 2 of the city-region programme.

All cell text is Norwegian bokmål. Blank cells are written as ``None``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_PATH = ROOT / "sample_data" / "byr_glamdalen.xlsx"

# Fixed timestamp used for document properties and zip entries (the date of
# the status report), so the output does not depend on when it was built.
FIXED_TIMESTAMP = dt.datetime(2016, 2, 15, 12, 0, 0)

DATE_FORMAT = "dd.mm.yyyy"
INTEGER_FORMAT = "#,##0"
TEXT_FORMAT = "@"

D = dt.date  # short alias to keep the date literals below readable

# ---------------------------------------------------------------------------
# Sheet "Om": what this workbook is
# ---------------------------------------------------------------------------
OM_HEADERS = ("Felt", "Verdi")
OM_ROWS = [
    ("Region", "Glåmdalsregionen – ByR Glåmdalen"),
    ("Eksempeldata", "ja"),
    (
        "Kilde",
        "Sysselsettingstallene for Kongsvinger 2008–2022 er hentet fra "
        "KommuneProfilen (SSB tabell 13470), og regionens samlede folketall "
        "per 1.1.2015 (53 232) er offentlig. Alle andre tall, mål, aktiviteter "
        "og budsjettposter er illustrative eksempeldata bygget på "
        "statusrapporten per 15.02.2016. Det gjelder også sysselsettingen "
        "fordelt på næring og folketallet per kommune.",
    ),
]

# ---------------------------------------------------------------------------
# Sheet "Kommuner": members of ByR Glåmdalen (codes valid from 2020)
# "Medlem til" is the last member year; blank means still a member.
# ---------------------------------------------------------------------------
KOMMUNER_HEADERS = ("Kommunenummer", "Kommune", "Medlem fra", "Medlem til")
KOMMUNER_ROWS = [
    ("3401", "Kongsvinger", None, None),
    ("3414", "Nord-Odal", None, None),
    ("3415", "Sør-Odal", None, None),
    ("3416", "Eidskog", None, None),
    ("3417", "Grue", None, None),
    ("3418", "Åsnes", None, None),
    ("3419", "Våler", None, 2016),  # left the programme in 2016
]

# ---------------------------------------------------------------------------
# Sheet "Mål": goal tree (1 strategic goal, 5 main goals, 19 sub-goals)
# Only the strategic goal is public; main and sub-goals are illustrative.
# ---------------------------------------------------------------------------
MAL_HEADERS = (
    "ID", "Nivå", "Overordnet", "Navn", "Indikator", "Enhet",
    "Startverdi", "Startår", "Nåverdi", "Nåverdi år", "Målverdi", "Målår",
    "Status", "Ansvarlig", "Kommune", "Kommentar",
)

ILLUSTRATIVE = "Illustrativt mål (eksempeldata)."

# (ID, Nivå, Overordnet, Navn, Indikator, Enhet,
#  Startverdi, Startår, Nåverdi, Nåverdi år, Målverdi, Målår,
#  Status, Ansvarlig, Kommune, Kommentar)
MAL_ROWS = [
    ("S", "Strategisk mål", None,
     "Netto vekst på 100 arbeidsplasser i Glåmdalsregionen",
     "Netto nye arbeidsplasser", "arbeidsplasser per år",
     None, 2014, None, None, 100, 2018,
     "I rute", "Regionrådet", None,
     "Strategisk mål som omsøkt i juni 2015. Regionens egne sider sier "
     "«netto 100 nye arbeidsplasser pr. år». Måles med SSB tabell 13470."),

    # --- H1: business strategy and the business-development apparatus -----
    ("H1", "Hovedmål", "S",
     "Felles næringsstrategi og et samordnet næringsapparat",
     None, None,
     None, None, None, None, None, None,
     "I rute", "Styringsgruppen", None,
     ILLUSTRATIVE + " Måles gjennom delmålene."),
    ("H1.1", "Delmål", "H1",
     "Vedta en felles strategisk næringsplan for Glåmdalsregionen",
     "Kommuner som har vedtatt felles næringsstrategi", "antall",
     0, 2015, 2, 2017, 6, 2018,
     "I rute", "Regionrådet", None,
     ILLUSTRATIVE + " Bygger på målkart og nærings-SWOT."),
    ("H1.2", "Delmål", "H1",
     "Utrede to modeller for organisering av næringsarbeidet",
     "Organisasjonsmodeller som er utredet", "antall",
     0, 2015, 1, 2016, 2, 2018,
     "Forsinket", "Rådmannsgruppen", None,
     ILLUSTRATIVE + " Den andre modellen venter på avklaring i kommunene."),
    ("H1.3", "Delmål", "H1",
     "Bedre informasjonsflyt mellom kommunene og næringslivet",
     None, None,
     None, None, None, None, None, None,
     "I rute", "Prosjektleder", None,
     ILLUSTRATIVE + " Kartlegging av informasjonsflyt og kultur er påbegynt."),
    ("H1.4", "Delmål", "H1",
     "Styrke vertskapsrollen overfor bedrifter som vil etablere seg",
     "Bedrifter som vurderer vertskapet som godt eller svært godt", "prosent",
     55, 2015, 61, 2017, 75, 2018,
     "I rute", "Næringsapparatet", None,
     ILLUSTRATIVE + " Årlig spørreundersøkelse blant bedrifter."),

    # --- H2: competence and the university centre --------------------------
    ("H2", "Hovedmål", "S",
     "Bedre tilgang på kompetanse og kvalifisert arbeidskraft",
     "Andel innbyggere 25–64 år med høyere utdanning", "prosent",
     22.4, 2015, 23.1, 2017, 26, 2018,
     "I rute", "Styringsgruppen", None,
     ILLUSTRATIVE),
    ("H2.1", "Delmål", "H2",
     "Knytte Høgskolesenteret i Kongsvinger til NMBU og andre forskningsmiljøer",
     "Samarbeidsavtaler med forsknings- og utdanningsinstitusjoner", "antall",
     0, 2015, 1, 2017, 3, 2018,
     "Risiko", "Styringsgruppen", "3401",
     ILLUSTRATIVE + " Avhenger av NMBUs prioriteringer."),
    ("H2.2", "Delmål", "H2",
     "Gjennomføre regional kompetanseplan",
     "Tiltak i kompetanseplanen som er gjennomført", "antall",
     0, 2015, 4, 2017, 10, 2018,
     "I rute", "Prosjektleder", None,
     ILLUSTRATIVE + " Bygger på kompetansekartleggingen fra 2015."),
    ("H2.3", "Delmål", "H2",
     "Felles kompetanseprogram for ansatte som tar imot bedrifter",
     "Ansatte som har fullført kompetanseprogrammet", "antall",
     0, 2015, None, None, 40, 2018,
     "Ikke startet", "Næringsapparatet", None,
     ILLUSTRATIVE),
    ("H2.4", "Delmål", "H2",
     "Flere lærlingplasser i tre- og skogbaserte bedrifter i Åsnes",
     "Lærlingkontrakter i tre- og skogbaserte bedrifter", "antall",
     14, 2015, 21, 2017, 20, 2018,
     "Nådd", "Næringsapparatet", "3418",
     ILLUSTRATIVE),

    # --- H3: logistics and transport ---------------------------------------
    ("H3", "Hovedmål", "S",
     "Bedre logistikk og samferdsel som grunnlag for vekst",
     "Arbeidsplasser i transport og lagring", "antall",
     1240, 2015, 1262, 2017, 1320, 2018,
     "I rute", "Styringsgruppen", None,
     ILLUSTRATIVE),
    ("H3.1", "Delmål", "H3",
     "Følge opp mulighetsstudien for gods og logistikk",
     "Oppfølgingstiltak fra mulighetsstudien som er igangsatt", "antall",
     0, 2015, 3, 2016, 3, 2018,
     "Nådd", "Prosjektleder", None,
     ILLUSTRATIVE),
    ("H3.2", "Delmål", "H3",
     "Bedre togtilbud og kortere reisetid til Oslo og Gardermoen",
     "Daglige togavganger Kongsvinger–Oslo", "antall",
     22, 2015, 22, 2017, 26, 2018,
     "Risiko", "Regionrådet", None,
     ILLUSTRATIVE + " Avhenger av nasjonale beslutninger."),
    ("H3.3", "Delmål", "H3",
     "Utvikle grensehandel og logistikk ved Magnor",
     "Arbeidsplasser i handel og logistikk på Magnor", "antall",
     310, 2015, 296, 2017, 340, 2018,
     "Forsinket", "Næringsapparatet", "3416",
     ILLUSTRATIVE + " Svakere grensehandel enn forventet."),
    ("H3.4", "Delmål", "H3",
     "Få regionens samferdselsprosjekter prioritert i Nasjonal transportplan",
     "Samferdselsprosjekter i regionen prioritert i NTP", "antall",
     1, 2015, 2, 2017, 2, 2018,
     "Nådd", "Regionrådet", None,
     ILLUSTRATIVE),

    # --- H4: communication and reputation ----------------------------------
    ("H4", "Hovedmål", "S",
     "Felles kommunikasjon og et sterkere omdømme for regionen",
     None, None,
     None, None, None, None, None, None,
     "I rute", "Prosjektleder", None,
     ILLUSTRATIVE + " Måles gjennom delmålene."),
    ("H4.1", "Delmål", "H4",
     "Vedta og følge opp en felles kommunikasjonsplan",
     "Tiltak i kommunikasjonsplanen som er gjennomført", "antall",
     0, 2015, 6, 2017, 8, 2018,
     "I rute", "Prosjektleder", None,
     ILLUSTRATIVE),
    ("H4.2", "Delmål", "H4",
     "Utarbeide en felles omdømmestrategi for Glåmdalen",
     None, None,
     None, None, None, None, None, None,
     "Ikke startet", "Styringsgruppen", None,
     ILLUSTRATIVE + " Starter når kommunikasjonsplanen er fulgt opp."),
    ("H4.3", "Delmål", "H4",
     "Bedre kjennskap til regionen blant bedrifter i Osloregionen",
     "Bedrifter i Osloregionen som kjenner Glåmdalen som etableringssted",
     "prosent",
     18, 2015, 21, 2017, 30, 2018,
     "Risiko", "Prosjektleder", None,
     ILLUSTRATIVE + " Langsommere økning enn planlagt."),

    # --- H5: business land, business fund and recruitment of companies ------
    ("H5", "Hovedmål", "S",
     "Flere nye bedrifter og gode næringsarealer i regionen",
     "Nyetablerte foretak per år", "bedrifter",
     312, 2015, 298, 2017, 350, 2018,
     "Forsinket", "Styringsgruppen", None,
     ILLUSTRATIVE),
    ("H5.1", "Delmål", "H5",
     "Felles oversikt over næringsarealer og retningslinjer for arealbruk",
     "Regionale næringsområder definert i arealstrategien", "antall",
     0, 2015, 2, 2016, 5, 2018,
     "I rute", "Rådmannsgruppen", None,
     ILLUSTRATIVE + " Arealstrategien er påbegynt."),
    ("H5.2", "Delmål", "H5",
     "Mer ferdig regulert næringsareal langs E16 i Nord-Odal",
     "Ferdig regulert næringsareal", "dekar",
     0, 2015, 64, 2017, 60, 2018,
     "Nådd", "Rådmannsgruppen", "3414",
     ILLUSTRATIVE),
    ("H5.3", "Delmål", "H5",
     "Etablere et felles næringsfond for regionen",
     "Bedrifter som har fått tilskudd fra næringsfondet", "bedrifter",
     0, 2015, None, None, 25, 2018,
     "Ikke startet", "Regionrådet", None,
     ILLUSTRATIVE + " Fondet var planlagt fra 1.1.2016."),
    ("H5.4", "Delmål", "H5",
     "Felles rekruttering av bedrifter til regionen",
     "Bedrifter rekruttert til regionen", "bedrifter",
     0, 2015, None, None, 5, 2018,
     "Ikke startet", "Næringsapparatet", None,
     ILLUSTRATIVE),
]

# ---------------------------------------------------------------------------
# Sheet "Måleverdier": yearly history for some sub-goals.
# The first value equals Startverdi and the last equals Nåverdi in "Mål".
# ---------------------------------------------------------------------------
MALEVERDIER_HEADERS = ("Mål-ID", "År", "Verdi", "Kommentar")
MALEVERDIER_ROWS = [
    ("H1.4", 2015, 55, "Spørreundersøkelse blant bedrifter"),
    ("H1.4", 2016, 58, None),
    ("H1.4", 2017, 61, None),
    ("H2.2", 2015, 0, "Kompetanseplanen ikke vedtatt ennå"),
    ("H2.2", 2016, 2, None),
    ("H2.2", 2017, 4, None),
    ("H2.4", 2015, 14, None),
    ("H2.4", 2016, 17, None),
    ("H2.4", 2017, 21, "Målet er nådd"),
    ("H3.1", 2015, 0, None),
    ("H3.1", 2016, 3, "Alle tre tiltak er igangsatt"),
    ("H3.3", 2015, 310, None),
    ("H3.3", 2016, 301, "Nedgang i grensehandelen"),
    ("H3.3", 2017, 296, None),
    ("H4.3", 2015, 18, "Førstegangsmåling"),
    ("H4.3", 2016, 19, None),
    ("H4.3", 2017, 21, None),
    ("H5.2", 2015, 0, None),
    ("H5.2", 2016, 0, "Reguleringsplan under behandling"),
    ("H5.2", 2017, 64, "Reguleringsplan vedtatt"),
]

# ---------------------------------------------------------------------------
# Sheet "Aktiviteter": A1-A7 are the activities in the status report per
# 15.02.2016; A8-A12 are illustrative planned measures from phase 2.
# ---------------------------------------------------------------------------
AKTIVITETER_HEADERS = (
    "ID", "Aktivitet", "Mål-ID", "Kommune", "Ansvarlig", "Start", "Slutt",
    "Status", "Fremdrift", "Kommentar",
)
# (ID, Aktivitet, Mål-ID, Kommune, Ansvarlig, Start, Slutt,
#  Status, Fremdrift, Kommentar)
AKTIVITETER_ROWS = [
    ("A1", "Kompetanseplan: kompetansekartlegging og forslag til strategi",
     "H2.2", None, "Prosjektleder", D(2015, 9, 1), D(2016, 1, 29),
     "Gjennomført", 100,
     "Kompetansekartlegging gjennomført og forslag til strategi utarbeidet."),
    ("A2", "Mulighetsstudie logistikk / gods",
     "H3.1, H3.3", "3401; 3416", "Prosjektleder", D(2015, 9, 14), D(2016, 1, 15),
     "Gjennomført", 100,
     "Mulighetsstudie for gods, logistikk og samferdsel er utarbeidet."),
    ("A3", "Kommunikasjonsplan",
     "H4.1", None, "Prosjektleder", D(2015, 10, 1), D(2015, 12, 18),
     "Gjennomført", 100,
     "Analyse og plan for kommunikasjon: status, behov, mål, budskap og tiltak."),
    ("A4", "Mål for næringsutvikling (målkart)",
     "H1.1", None, "Styringsgruppen", D(2015, 9, 1), D(2015, 11, 30),
     "Gjennomført", 100,
     "Forslag til målkart for næringsutvikling er utarbeidet."),
    ("A5", "Nærings-SWOT",
     "H1.1, H1.2", None, "Styringsgruppen", D(2015, 11, 2), D(2016, 2, 12),
     "Gjennomført", 100,
     "Forslag utarbeidet sammen med politisk ledelse og styringsgruppen."),
    ("A6", "Kartlegging av kommunenes informasjonsflyt og kultur for næringsutvikling",
     "H1.3, H1.4", None, "Prosjektleder", D(2016, 1, 4), D(2016, 6, 30),
     "Påbegynt", 40,
     "Kartleggingen er påbegynt i alle kommunene."),
    ("A7", "Arealstrategi og regionale næringsområder",
     "H5.1, H5.2", None, "Rådmannsgruppen", D(2016, 1, 11), D(2016, 12, 16),
     "Påbegynt", 30,
     "Arbeidet med arealstrategi og regionale næringsområder er påbegynt."),
    ("A8", "Etablere felles næringsfond",
     "H5.3", None, "Regionrådet", D(2016, 4, 1), D(2017, 6, 30),
     "Utsatt", 0,
     "Utsatt i påvente av avklaring om innskudd fra kommunene."),
    ("A9", "Kampanje for rekruttering av bedrifter",
     "H5.4, H4.3", None, "Næringsapparatet", D(2016, 9, 1), D(2017, 12, 15),
     "Planlagt", 0,
     "Felles kampanje rettet mot bedrifter i Osloregionen."),
    ("A10", "Kompetanseprogram for ansatte som tar imot bedrifter",
     "H2.3, H1.4", None, "Næringsapparatet", D(2016, 8, 15), D(2017, 6, 30),
     "Planlagt", 0,
     "Felles program for kommunene og næringsapparatet."),
    ("A11", "Knytte Høgskolesenteret i Kongsvinger til NMBU",
     "H2.1", "3401", "Styringsgruppen", D(2016, 4, 1), D(2018, 6, 29),
     "Planlagt", 0,
     "Dialog med NMBU og andre forskningsmiljøer."),
    ("A12", "Felles næringsstrategi for Glåmdalen",
     "H1.1, H1.2", None, "Styringsgruppen", D(2016, 5, 2), D(2017, 3, 31),
     "Planlagt", 0,
     "Bygger på målkart, nærings-SWOT og kompetanseplan."),
]

# ---------------------------------------------------------------------------
# Sheet "Budsjett": amounts in NOK.
# Blank Revidert means "same as Opprinnelig"; blank Regnskap means 0.
# 2016 checks: Opprinnelig sums to 1 750 000, Revidert to 3 880 000 and
# Regnskap (per February 2016) to 162 400.
# ---------------------------------------------------------------------------
BUDSJETT_HEADERS = ("År", "Post", "Finansiering", "Opprinnelig", "Revidert", "Regnskap")
# (År, Post, Finansiering, Opprinnelig, Revidert, Regnskap)
BUDSJETT_ROWS = [
    # 2015: the year is closed; Revidert = Opprinnelig, Regnskap close to it.
    (2015, "Prosjektledelse", "KMD", 600000, 600000, 588412),
    (2015, "Utredninger og analyser", "KMD", 400000, 400000, 412750),
    (2015, "Kommunikasjon", "Kommunene", 150000, 150000, 143300),
    (2015, "Politiske møter", "Kommunene", 100000, 100000, 91980),
    # 2016: budget per 15.02.2016, including the two changes in the report.
    (2016, "Prosjektledelse", "KMD", 700000, 700000, 116700),
    (2016, "Utredninger og analyser", "KMD", 300000, None, 38200),
    (2016, "Politiske møter", "Kommunene", 250000, 130000, None),
    (2016, "Kommunikasjon", "Kommunene", 200000, 200000, 7500),
    (2016, "Kompetanseprogram", "Kommunene", 300000, None, None),
    (2016, "Ekstra prosjektstøtte", "Kommunene", 0, 2250000, None),
    # 2017: original budget only.
    (2017, "Prosjektledelse", "KMD", 720000, None, None),
    (2017, "Utredninger og analyser", "KMD", 280000, None, None),
    (2017, "Politiske møter", "Kommunene", 200000, None, None),
    (2017, "Kommunikasjon", "Kommunene", 250000, None, None),
    (2017, "Kompetanseprogram", "Kommunene", 350000, None, None),
]

# ---------------------------------------------------------------------------
# Sheet "Budsjettendringer": the two changes described in the status report.
# ---------------------------------------------------------------------------
BUDSJETTENDRINGER_HEADERS = ("Dato", "År", "Post", "Beløp", "Begrunnelse", "Vedtatt av")
BUDSJETTENDRINGER_ROWS = [
    (D(2016, 2, 10), 2016, "Ekstra prosjektstøtte", 2250000,
     "Ekstra prosjektstøtte fra kommunene ut over det som tidligere er budsjettert",
     "Regionrådet"),
    (D(2016, 2, 15), None, "Politiske møter", -120000,
     "Kun ett felles kommunestyremøte i 2016",
     "Styringsgruppen"),
]

# ---------------------------------------------------------------------------
# Sheet "Sysselsetting": employed persons by workplace municipality, 4th
# quarter (SSB table 13470 definition). Values for 2008..2024 in order.
# Only Kongsvinger 2008-2022 is public (KommuneProfilen); the rest is
# illustrative. Note the series break in 2015 (a-ordningen).
# The illustrative series are chosen so that the members' net change is
# +39 in 2016 (seven members) and +132 in 2017 (six members, Våler out),
# matching the publicly reported outcomes for those years.
# ---------------------------------------------------------------------------
SYSSELSETTING_HEADERS = ("Kommunenummer", "Kommune", "År", "Sysselsatte", "Næring")
SYSSELSETTING_YEARS = list(range(2008, 2025))
# (Kommunenummer, Kommune, values 2008..2024)
SYSSELSETTING_SERIES = [
    ("3401", "Kongsvinger",
     # 2008-2022 public (KommuneProfilen / SSB 13470); 2023-2024 illustrative
     [8948, 8390, 8293, 8223, 8430, 8214, 8370, 8222, 8336, 8467,
      8598, 8423, 8297, 8614, 8668, 8702, 8689]),
    ("3414", "Nord-Odal",
     [1512, 1468, 1455, 1449, 1462, 1441, 1447, 1418, 1409, 1413,
      1427, 1412, 1398, 1421, 1436, 1431, 1440]),
    ("3415", "Sør-Odal",
     [2398, 2321, 2309, 2331, 2352, 2338, 2347, 2302, 2308, 2325,
      2351, 2338, 2306, 2347, 2372, 2365, 2377]),
    ("3416", "Eidskog",
     [2265, 2188, 2176, 2193, 2214, 2197, 2208, 2159, 2128, 2116,
      2149, 2161, 2118, 2157, 2184, 2179, 2170]),
    ("3417", "Grue",
     [1588, 1541, 1529, 1517, 1523, 1502, 1496, 1468, 1454, 1445,
      1452, 1437, 1421, 1446, 1458, 1449, 1444]),
    ("3418", "Åsnes",
     [2741, 2662, 2648, 2655, 2671, 2643, 2652, 2608, 2589, 2590,
      2618, 2603, 2577, 2612, 2639, 2630, 2645]),
    ("3419", "Våler",
     [1306, 1262, 1255, 1247, 1259, 1241, 1238, 1214, 1206, 1201,
      1214, 1203, 1189, 1208, 1221, 1216, 1212]),
    # Comparison series (illustrative)
    ("34", "Innlandet",
     [179850, 176420, 176910, 177630, 179280, 179910, 180340, 178620, 179470,
      181030, 182960, 183640, 181870, 185290, 187610, 188040, 187720]),
    ("0", "Hele landet",
     [2617341, 2588906, 2594127, 2622815, 2661438, 2680204, 2697913,
      2653087, 2660412, 2687936, 2732618, 2768305, 2748691, 2812547,
      2878932, 2901216, 2912648]),
]

# Employment by industry (SN2007 groups), illustrative: the seven municipalities
# only; the comparison series keep their totals. Each municipality's shares in
# per cent for 2008 and 2024 (each list sums to 100) are interpolated linearly
# for the years between; the total for the year is then split by the
# largest-remainder method, so that the parts add up exactly to the total row.
# The shares follow the region's profile: health and social services and trade
# are large, agriculture and forestry are notable in Grue and Åsnes, transport
# and logistics grow in Eidskog and Kongsvinger, border trade in Eidskog and
# manufacturing shrink.
INDUSTRIES = (
    "01-03 Jordbruk, skogbruk og fiske",
    "10-33 Industri",
    "41-43 Bygge- og anleggsvirksomhet",
    "45-47 Varehandel, reparasjon av motorvogner",
    "49-53 Transport og lagring",
    "55-56 Overnattings- og serveringsvirksomhet",
    "69-75 Faglig, vitenskapelig og teknisk tjenesteyting",
    "84 Offentlig administrasjon og forsvar",
    "85 Undervisning",
    "86-88 Helse- og sosialtjenester",
    "Øvrige næringer",
)
# code: (shares 2008, shares 2024), in the order of INDUSTRIES
INDUSTRY_SHARES = {
    "3401": ([2, 10, 7, 17, 6, 3, 4, 8, 8, 23, 12],
             [1.5, 7.5, 8, 15, 9, 3, 5, 7.5, 8, 26, 9.5]),
    "3414": ([7, 14, 10, 11, 6, 2, 2, 7, 9, 24, 8],
             [5.5, 12, 11, 10, 6.5, 2, 2.5, 6.5, 9, 27, 8]),
    "3415": ([4, 15, 9, 14, 6, 2, 3, 7, 8, 23, 9],
             [3, 12.5, 10.5, 13.5, 6, 2, 3.5, 6.5, 8, 26, 8.5]),
    "3416": ([5, 11, 8, 20, 7, 4, 2, 6, 8, 21, 8],
             [4, 9, 9, 15, 12, 3.5, 2.5, 6, 8, 24, 7]),
    "3417": ([11, 10, 9, 11, 5, 3, 2, 8, 9, 24, 8],
             [9, 8.5, 10, 10, 5, 3, 2.5, 7.5, 9, 27.5, 8]),
    "3418": ([10, 15, 8, 12, 5, 2, 2, 7, 8, 22, 9],
             [8.5, 13.5, 9, 11, 5, 2, 2.5, 6.5, 8, 25.5, 8.5]),
    "3419": ([10, 9, 10, 11, 6, 2, 2, 8, 9, 25, 8],
             [8, 7.5, 11, 10, 6, 2, 2.5, 7.5, 9, 28, 8.5]),
}


def _split(total: int, weights: list[Fraction]) -> list[int]:
    """``total`` split in proportion to ``weights``, rounded so that the parts add up to it exactly."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]  # exact >= 0, so int() is the floor
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _industry_rows() -> list[tuple]:
    totals = {code: (name, values) for code, name, values in SYSSELSETTING_SERIES}
    first, last = SYSSELSETTING_YEARS[0], SYSSELSETTING_YEARS[-1]
    rows = []
    for code, (start, end) in INDUSTRY_SHARES.items():
        if sum(start) != 100 or sum(end) != 100:
            raise ValueError(f"{code}: the shares must add up to 100")
        name, values = totals[code]
        for year, total in zip(SYSSELSETTING_YEARS, values, strict=True):
            t = Fraction(year - first, last - first)
            weights = [Fraction(a) + (Fraction(b) - Fraction(a)) * t for a, b in zip(start, end, strict=True)]
            for industry, part in zip(INDUSTRIES, _split(total, weights), strict=True):
                rows.append((code, name, year, part, industry))
    return rows


# The total rows (Næring blank) first, as they always were; the parts after them.
SYSSELSETTING_ROWS = [
    (code, name, year, value, None)
    for code, name, values in SYSSELSETTING_SERIES
    for year, value in zip(SYSSELSETTING_YEARS, values, strict=True)
] + _industry_rows()

# ---------------------------------------------------------------------------
# Sheet "Befolkning": inhabitants per 1 January (SSB table 07459 definition).
# Values for 2008..2024 in order. Illustrative, except that the seven
# municipalities add up to the region's public total of 53 232 on 1.1.2015.
# ---------------------------------------------------------------------------
BEFOLKNING_HEADERS = ("Kommunenummer", "Kommune", "År", "Innbyggere")
BEFOLKNING_YEARS = list(range(2008, 2025))
BEFOLKNING_SERIES = [
    ("3401", "Kongsvinger",
     [17394, 17463, 17530, 17605, 17672, 17744, 17817, 17886, 17869, 17853,
      17831, 17815, 17799, 17776, 17762, 17746, 17724]),
    ("3414", "Nord-Odal",
     [5325, 5287, 5265, 5227, 5198, 5171, 5132, 5105, 5077, 5054,
      5033, 4998, 4981, 4960, 4925, 4906, 4880]),
    ("3415", "Sør-Odal",
     [8037, 8036, 8011, 7998, 7988, 7960, 7953, 7934, 7916, 7877,
      7866, 7848, 7810, 7795, 7769, 7737, 7728]),
    ("3416", "Eidskog",
     [6415, 6387, 6362, 6339, 6309, 6287, 6264, 6236, 6212, 6189,
      6159, 6138, 6112, 6085, 6065, 6038, 6015]),
    ("3417", "Grue",
     [5134, 5090, 5048, 4995, 4956, 4915, 4863, 4821, 4783, 4756,
      4720, 4681, 4659, 4620, 4590, 4562, 4522]),
    ("3418", "Åsnes",
     [7807, 7758, 7692, 7647, 7599, 7534, 7484, 7432, 7387, 7334,
      7305, 7252, 7212, 7174, 7119, 7086, 7049]),
    ("3419", "Våler",
     [3984, 3956, 3936, 3914, 3887, 3864, 3843, 3818, 3797, 3771,
      3750, 3729, 3703, 3684, 3664, 3638, 3617]),
    # Comparison series (illustrative)
    ("34", "Innlandet",
     [368954, 369820, 370603, 371478, 372336, 373012, 373704, 374288, 374715,
      374951, 374930, 374718, 374512, 374820, 375497, 376980, 377820]),
    ("0", "Hele landet",
     [4737171, 4799252, 4858199, 4920305, 4985870, 5051275, 5109056,
      5165802, 5213985, 5258317, 5295619, 5328212, 5367580, 5391369,
      5425270, 5488984, 5550203]),
]
BEFOLKNING_ROWS = [
    (code, name, year, value)
    for code, name, values in BEFOLKNING_SERIES
    for year, value in zip(BEFOLKNING_YEARS, values, strict=True)
]

# ---------------------------------------------------------------------------
# Sheet definitions: name, headers, rows, per-column number formats
# ---------------------------------------------------------------------------
SHEETS = [
    ("Om", OM_HEADERS, OM_ROWS, {}),
    ("Kommuner", KOMMUNER_HEADERS, KOMMUNER_ROWS, {"Kommunenummer": TEXT_FORMAT}),
    ("Mål", MAL_HEADERS, MAL_ROWS, {"Kommune": TEXT_FORMAT}),
    ("Måleverdier", MALEVERDIER_HEADERS, MALEVERDIER_ROWS, {}),
    ("Aktiviteter", AKTIVITETER_HEADERS, AKTIVITETER_ROWS,
     {"Kommune": TEXT_FORMAT, "Start": DATE_FORMAT, "Slutt": DATE_FORMAT}),
    ("Budsjett", BUDSJETT_HEADERS, BUDSJETT_ROWS,
     {"Opprinnelig": INTEGER_FORMAT, "Revidert": INTEGER_FORMAT,
      "Regnskap": INTEGER_FORMAT}),
    ("Budsjettendringer", BUDSJETTENDRINGER_HEADERS, BUDSJETTENDRINGER_ROWS,
     {"Dato": DATE_FORMAT, "Beløp": INTEGER_FORMAT}),
    ("Sysselsetting", SYSSELSETTING_HEADERS, SYSSELSETTING_ROWS,
     {"Kommunenummer": TEXT_FORMAT, "Sysselsatte": INTEGER_FORMAT}),
    ("Befolkning", BEFOLKNING_HEADERS, BEFOLKNING_ROWS,
     {"Kommunenummer": TEXT_FORMAT, "Innbyggere": INTEGER_FORMAT}),
]

MIN_WIDTH = 8
MAX_WIDTH = 60


def _display_width(value: object, number_format: str | None) -> int:
    """Rough display width of a cell value in characters."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10  # dd.mm.yyyy
    if isinstance(value, int) and number_format == INTEGER_FORMAT:
        return len(f"{value:,}")
    return len(str(value))


def _write_sheet(wb: Workbook, title: str, headers, rows, formats) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"{title}: row has {len(row)} values, expected {len(headers)}: {row}")
        ws.append(list(row))

    for col_idx, header in enumerate(headers, start=1):
        number_format = formats.get(header)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col_idx, max_col=col_idx):
                cell.number_format = number_format
        width = max(
            [len(header) + 2]
            + [_display_width(row[col_idx - 1], number_format) + 2 for row in rows]
        )
        ws.column_dimensions[get_column_letter(col_idx)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))

    ws.freeze_panes = "A2"


def build_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows, formats in SHEETS:
        _write_sheet(wb, title, headers, rows, formats)
    wb.properties.creator = "ByR Glåmdalen (eksempeldata)"
    wb.properties.title = "ByR Glåmdalen – eksempeldata"
    wb.properties.created = FIXED_TIMESTAMP
    return wb


def save_reproducible(wb: Workbook, path: Path) -> None:
    """Save ``wb`` so that repeated builds give byte-identical files.

    openpyxl stamps the save time into docProps/core.xml and zipfile stamps
    the current time on every entry; both are replaced by FIXED_TIMESTAMP.
    """
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    fixed_iso = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    zip_time = FIXED_TIMESTAMP.timetuple()[:6]

    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + fixed_iso.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=zip_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)


def main() -> None:
    wb = build_workbook()
    save_reproducible(wb, OUTPUT_PATH)
    print(f"Wrote {OUTPUT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
