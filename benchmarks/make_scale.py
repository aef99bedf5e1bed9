"""The "scale" workbook: a national user's data, for the benchmark.

357 municipalities × 17 years × 20 industries of employment (≈121 000 rows), 200 goals,
2 000 activities and 5 000 budget lines. Deterministic (seeded numpy) and written with
openpyxl's write_only mode. ``scale_path()`` caches the file under ``benchmarks/out/`` and
builds it again only when it is missing or this script has changed.

Run on its own: ``python -m benchmarks.make_scale [PATH]``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from byr_data.model import KNOWN_NAMES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT_DIR = HERE / "out"
SCALE_PATH = OUT_DIR / "scale.xlsx"
SAMPLE_PATH = ROOT / "sample_data" / "byr_glamdalen.xlsx"
SEED = 20_160_215

YEARS = range(2008, 2025)  # employment years, 2008–2024
BUDGET_YEARS = range(2015, 2025)
N_MUNICIPALITIES = 357
N_GOALS = 200
N_MAIN_GOALS = 20
N_ACTIVITIES = 2_000
N_POSTS = 250
N_CHANGES = 200
FUNDING = ("KMD", "Kommunene")
#: Activity statuses are set as they stood on this date, so the data does not depend on today.
STATUS_DATE = dt.date(2026, 6, 1)

PREFIXES = ("03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56")
REAL_NAMES = {code: name for code, name in KNOWN_NAMES.items() if len(code) == 4}
INDUSTRIES = (
    "01-03 Jordbruk, skogbruk og fiske",
    "05-09 Bergverksdrift og utvinning",
    "10-33 Industri",
    "35-39 Elektrisitet, vann og renovasjon",
    "41-43 Bygge- og anleggsvirksomhet",
    "45-47 Varehandel, reparasjon av motorvogner",
    "49-53 Transport og lagring",
    "55-56 Overnattings- og serveringsvirksomhet",
    "58-63 Informasjon og kommunikasjon",
    "64-66 Finansiering og forsikring",
    "68 Omsetning og drift av fast eiendom",
    "69-75 Faglig, vitenskapelig og teknisk tjenesteyting",
    "77-82 Forretningsmessig tjenesteyting",
    "84 Offentlig administrasjon og forsvar",
    "85 Undervisning",
    "86 Helsetjenester",
    "87-88 Pleie og omsorg; sosialtjenester",
    "90-93 Kultur, underholdning og fritid",
    "94-96 Annen tjenesteyting",
    "99 Uoppgitt",
)
GOAL_STATUSES = ("Ikke startet", "I rute", "Risiko", "Forsinket", "Nådd")
ACTIVITY_STATUSES = ("Planlagt", "Påbegynt", "Gjennomført", "Utsatt", "Avlyst")
THEMES = ("Næringsutvikling", "Kompetanse", "Samferdsel", "Omdømme", "Bolig", "Reiseliv", "Digitalisering", "Grønn omstilling")
RESPONSIBLE = ("Regionrådet", "Prosjektleder", "Næringssjef", "Styringsgruppen", "Kommunedirektøren", "Fylkeskommunen")
DECIDED_BY = ("Regionrådet", "Styringsgruppen")

HEADERS = {
    "Om": ("Felt", "Verdi"),
    "Kommuner": ("Kommunenummer", "Kommune", "Medlem fra", "Medlem til"),
    "Mål": ("ID", "Nivå", "Overordnet", "Navn", "Indikator", "Enhet", "Startverdi", "Startår", "Nåverdi", "Nåverdi år",
            "Målverdi", "Målår", "Status", "Ansvarlig", "Kommune", "Kommentar"),
    "Aktiviteter": ("ID", "Aktivitet", "Mål-ID", "Kommune", "Ansvarlig", "Start", "Slutt", "Status", "Fremdrift", "Kommentar"),
    "Budsjett": ("År", "Post", "Finansiering", "Opprinnelig", "Revidert", "Regnskap"),
    "Budsjettendringer": ("Dato", "År", "Post", "Beløp", "Begrunnelse", "Vedtatt av"),
    "Sysselsetting": ("Kommunenummer", "Kommune", "År", "Næring", "Sysselsatte"),
}


def sample_path() -> Path:
    """The shipped sample workbook."""
    return SAMPLE_PATH


def _source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def scale_path(rebuild: bool = False) -> Path:
    """The scale workbook, built into ``benchmarks/out/`` when missing or when this script changed."""
    stamp = SCALE_PATH.with_suffix(".sha256")
    wanted = _source_hash()
    if rebuild or not SCALE_PATH.exists() or not stamp.exists() or stamp.read_text().strip() != wanted:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        partial = SCALE_PATH.with_suffix(".partial.xlsx")
        write_scale(partial)
        partial.replace(SCALE_PATH)
        stamp.write_text(wanted + "\n")
    return SCALE_PATH


# --- the tables --------------------------------------------------------------------------------


def municipality_codes() -> list[str]:
    """357 distinct four-digit codes: the region's seven, then county prefixes round-robin."""
    codes = list(REAL_NAMES)
    seen = set(codes)
    suffix = 1
    while len(codes) < N_MUNICIPALITIES:
        for prefix in PREFIXES:
            code = f"{prefix}{suffix:02d}"
            if code not in seen and len(codes) < N_MUNICIPALITIES:
                codes.append(code)
                seen.add(code)
        suffix += 1
    return sorted(codes)


def municipalities(rng: np.random.Generator, codes: list[str]) -> list[tuple]:
    rows = []
    joined = set(rng.choice(codes, 6, replace=False))
    left = set(rng.choice([c for c in codes if c not in joined], 6, replace=False))
    for code in codes:
        start = int(rng.integers(2012, 2019)) if code in joined else None
        end = int(rng.integers(2016, 2023)) if code in left else None
        rows.append((code, REAL_NAMES.get(code, f"Kommune {code}"), start, end))
    return rows


def employment(rng: np.random.Generator, codes: list[str], names: dict[str, str]):
    """Rows of (code, name, year, industry, employed), municipality by year by industry."""
    n_years, n_ind = len(YEARS), len(INDUSTRIES)
    size = np.exp(rng.normal(8.0, 1.1, len(codes))).clip(300, 400_000)  # jobs in 2008
    growth = rng.normal(0.004, 0.02, (len(codes), n_years))
    growth[:, 0] = 0.0
    level = size[:, None] * np.exp(np.cumsum(growth, axis=1))  # code × year
    shares = rng.dirichlet(np.full(n_ind, 2.0), len(codes))  # code × industry
    noise = rng.normal(1.0, 0.03, (len(codes), n_years, n_ind)).clip(0.8, 1.2)
    counts = np.rint(level[:, :, None] * shares[:, None, :] * noise).astype(np.int64)
    for i, code in enumerate(codes):
        name = names[code]
        for j, year in enumerate(YEARS):
            row_counts = counts[i, j].tolist()
            for k, industry in enumerate(INDUSTRIES):
                yield (code, name, year, industry, row_counts[k])


def goals(rng: np.random.Generator, codes: list[str]) -> list[tuple]:
    rows = [("S", "Strategisk mål", None, "Netto vekst i arbeidsplasser i hele landet", "Netto nye arbeidsplasser",
             "arbeidsplasser per år", None, 2014, None, None, 1000, 2024, "I rute", "Regionrådet", None,
             "Måles med SSB tabell 13470.")]
    main_ids = [f"H{i}" for i in range(1, N_MAIN_GOALS + 1)]
    for i, goal_id in enumerate(main_ids):
        rows.append(_goal(rng, codes, goal_id, "Hovedmål", "S", f"Hovedmål {i + 1}: {THEMES[i % len(THEMES)]}"))
    per_main: dict[str, int] = {}
    for n in range(N_GOALS - 1 - N_MAIN_GOALS):
        parent = main_ids[int(rng.integers(len(main_ids)))]
        per_main[parent] = per_main.get(parent, 0) + 1
        goal_id = f"{parent}.{per_main[parent]}"
        rows.append(_goal(rng, codes, goal_id, "Delmål", parent, f"Delmål {n + 1}: {THEMES[n % len(THEMES)].lower()} i praksis"))
    return rows


def _goal(rng: np.random.Generator, codes: list[str], goal_id: str, level: str, parent: str, name: str) -> tuple:
    measured = rng.random() < 0.6
    start_value = float(rng.integers(0, 200)) if measured else None
    target_value = start_value + float(rng.integers(10, 300)) if measured else None
    current_value = start_value + float(rng.integers(0, 250)) if measured else None
    start_year = int(rng.integers(2014, 2018))
    target_year = int(rng.integers(2020, 2027))
    return (
        goal_id, level, parent, name,
        f"Indikator for {goal_id}" if measured else None,
        "antall" if measured else None,
        start_value, start_year if measured else None,
        current_value, int(rng.integers(2019, 2025)) if measured else None,
        target_value, target_year if measured else None,
        GOAL_STATUSES[int(rng.integers(len(GOAL_STATUSES)))],
        RESPONSIBLE[int(rng.integers(len(RESPONSIBLE)))],
        codes[int(rng.integers(len(codes)))] if rng.random() < 0.4 else None,
        f"Kommentar til {goal_id}" if rng.random() < 0.5 else None,
    )


def activities(rng: np.random.Generator, codes: list[str], goal_ids: list[str]) -> list[tuple]:
    rows = []
    first = dt.date(2015, 1, 1)
    for n in range(1, N_ACTIVITIES + 1):
        linked = rng.choice(goal_ids, int(rng.integers(1, 3)), replace=False)
        start = first + dt.timedelta(days=int(rng.integers(0, 12 * 365)))
        end = start + dt.timedelta(days=int(rng.integers(30, 900)))
        draw = rng.random()
        if end < STATUS_DATE:
            status = "Gjennomført" if draw < 0.85 else "Avlyst" if draw < 0.95 else "Utsatt"
        elif start > STATUS_DATE:
            status = "Planlagt" if draw < 0.9 else "Utsatt"
        else:
            status = "Påbegynt" if draw < 0.85 else "Utsatt" if draw < 0.95 else "Avlyst"
        progress = {"Planlagt": 0, "Gjennomført": 100}.get(status, int(rng.integers(5, 95)))
        rows.append((
            f"A{n:04d}", f"Aktivitet {n}: {THEMES[n % len(THEMES)]}", ", ".join(linked),
            codes[int(rng.integers(len(codes)))] if rng.random() < 0.5 else None,
            RESPONSIBLE[int(rng.integers(len(RESPONSIBLE)))], start, end, status, progress,
            f"Status for aktivitet {n}" if rng.random() < 0.3 else None,
        ))
    return rows


def budget(rng: np.random.Generator) -> tuple[list[tuple], list[tuple]]:
    """Budget lines and changes; each (year, post) with changes has Revidert − Opprinnelig = their sum."""
    posts = [f"{n:03d} {THEMES[n % len(THEMES)]}" for n in range(1, N_POSTS + 1)]
    changes = []
    change_sum: dict[tuple[int, str], float] = {}
    for _ in range(N_CHANGES):
        year = int(rng.choice(BUDGET_YEARS))
        post = posts[int(rng.integers(len(posts)))]
        amount = float(rng.integers(-40, 80) * 5_000) or 5_000.0
        date = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        changes.append((date, year, post, amount, f"Endring i {post.lower()}", DECIDED_BY[int(rng.integers(2))]))
        change_sum[(year, post)] = change_sum.get((year, post), 0.0) + amount
    changes.sort(key=lambda row: row[0])
    lines = []
    for year in BUDGET_YEARS:
        for post in posts:
            for funding in FUNDING:
                original = float(rng.integers(10, 400) * 5_000)
                if (year, post) in change_sum:
                    revised = original + change_sum[(year, post)] if funding == "KMD" else original
                else:  # some revisions without a listed change: «Ikke fordelt» in the waterfall
                    revised = original + (float(rng.integers(-10, 10) * 5_000) if rng.random() < 0.1 else 0.0)
                actual = float(round(revised * rng.uniform(0.8, 1.05), -2))
                lines.append((year, post, funding, original, revised, actual))
    return lines, changes


def write_scale(path: Path) -> Path:
    """Write the scale workbook to ``path``."""
    rng = np.random.default_rng(SEED)
    codes = municipality_codes()
    kommuner = municipalities(rng, codes)
    names = {row[0]: row[1] for row in kommuner}
    goal_rows = goals(rng, codes)
    activity_rows = activities(rng, codes, [row[0] for row in goal_rows if row[0] != "S"])
    budget_rows, change_rows = budget(rng)

    wb = Workbook(write_only=True)

    def sheet(title: str, rows) -> None:
        ws = wb.create_sheet(title)
        ws.append(HEADERS[title])
        for row in rows:
            ws.append(row)

    sheet("Om", [("Region", "Skalatest"), ("Eksempeldata", "ja"), ("Kilde", "Generert for ytelsestest")])
    sheet("Kommuner", kommuner)
    sheet("Mål", goal_rows)
    sheet("Aktiviteter", activity_rows)
    sheet("Budsjett", budget_rows)
    sheet("Budsjettendringer", change_rows)
    sheet("Sysselsetting", employment(rng, codes, names))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(write_scale(Path(sys.argv[1])))
    else:
        print(scale_path(rebuild=True))
