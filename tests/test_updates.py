"""Tests for byr_data.updates: an update checked against the current version, published, rolled
back, and the first version published from files (SQLite, and PostgreSQL as in tests.test_store)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from byr_data import updates
from byr_data.dataset import Dataset
from byr_data.errors import DataError
from byr_data.reading import load
from byr_data.store import Store, VersionConflict
from tests.conftest import ROOT, SAMPLE
from tests.test_store import SAMPLE_FILES, assert_same_tables, blob_count, run_child, store, store_url  # noqa: F401  (fixtures)
from tests.workbooks import filled_template, make_workbook, minimal_valid


def current_data() -> Dataset:
    """The data an update is checked against: every sheet of the minimal workbook, from «alt.xlsx»."""
    result = load([("alt.xlsx", make_workbook(minimal_valid()))])
    assert result.dataset is not None
    return result.dataset


def budget_file(revised: object = 1_200_000) -> tuple[str, bytes]:
    sheets = minimal_valid()
    sheets["Budsjett"][1][4] = revised
    return ("budsjett.xlsx", make_workbook({"Budsjett": sheets["Budsjett"]}))


def lines(update: updates.Update, which: str) -> list[str]:
    return update.report.lines(getattr(update.report, which))


# --- checking an update ------------------------------------------------------------------------------


def test_check_replaces_the_uploaded_table_and_carries_the_rest_with_their_own_rows() -> None:
    current = current_data()

    update = updates.check([budget_file(1_300_000)], current)

    assert update.dataset is not None
    assert update.dataset.budget["revised"].tolist() == [1_300_000.0, 50_000.0]
    assert update.dataset.budget["_file"].tolist() == ["budsjett.xlsx"] * 2
    assert update.dataset.goals["_file"].tolist() == ["alt.xlsx"] * 3
    assert update.dataset.goals["_row"].tolist() == [2, 3, 4]
    pd.testing.assert_frame_equal(update.dataset.employment, current.employment)
    assert update.dataset.about == {"Region": "Testregionen", "Eksempeldata": "ja"}
    assert update.dataset.files == ("alt.xlsx", "budsjett.xlsx")
    assert "budget" not in update.unchanged
    assert set(update.unchanged) == {"municipalities", "goals", "measurements", "activities", "budget_changes", "employment"}
    assert update.base is None  # read from files, not a published version
    assert lines(update, "info") == [
        "Erstattes av opplastingen: «Budsjett».",
        "Beholdes fra dagens data: «Aktiviteter», «Budsjettendringer», «Kommuner», «Mål», «Måleverdier», «Om», «Sysselsetting».",
    ]


def test_check_runs_the_checks_across_sheets_on_carried_rows_and_names_their_own_file() -> None:
    # The change of 200 000 in «Budsjettendringer» no longer matches revised − original = 300 000.
    update = updates.check([budget_file(1_300_000)], current_data(), today=dt.date(2016, 2, 15))

    assert lines(update, "warnings") == [
        "«alt.xlsx», arket «Budsjettendringer», rad 2, kolonne «Beløp»: Endringene for «Prosjektleder» i 2016 er til sammen 200 000 kr, "
        "men «Revidert» minus «Opprinnelig» i arket «Budsjett» er 300 000 kr. Sjekk at budsjettet er oppdatert."
    ]


def test_check_runs_the_checks_of_carried_sheets_that_read_a_new_sheet() -> None:
    municipalities = minimal_valid()["Kommuner"][::2]  # without Kongsvinger (3401), where activity A1 is

    update = updates.check([("kommuner.xlsx", make_workbook({"Kommuner": municipalities}))], current_data(), today=dt.date(2016, 2, 15))

    assert lines(update, "warnings") == [
        "«alt.xlsx», arket «Aktiviteter», rad 2, kolonne «Kommune»: Kommunenummeret 3401 står ikke i arket «Kommuner».",
    ]


def test_check_leaves_carried_sheets_whose_checks_read_no_new_sheet_as_published() -> None:
    current = current_data()  # activity A1 ended 30.06.2016 and is not done: late on 1.1.2017

    update = updates.check([budget_file()], current, today=dt.date(2017, 1, 1))

    assert update.dataset is not None
    assert lines(update, "warnings") == []
    assert update.dataset.activities is current.activities
    assert update.dataset.employment is current.employment


def test_check_reports_a_goal_the_new_goal_sheet_lacks_at_the_carried_activity() -> None:
    goals = minimal_valid()["Mål"][:3]  # without «1.1.1», which activity A2 points at

    update = updates.check([("mål.xlsx", make_workbook({"Mål": goals}))], current_data())

    assert update.dataset is None
    assert lines(update, "errors") == [
        "«alt.xlsx», arket «Aktiviteter», rad 3, kolonne «Mål-ID»: Det finnes ikke noe mål med ID «1.1.1» i arket «Mål». Rett ID-en.",
        "Feilene i «Aktiviteter» gjelder rader i dagens data, som beholdes fordi opplastingen ikke har rader for arket. "
        "De kommer av det filene endrer: rett arkene du laster opp, eller last opp et rettet ark «Aktiviteter» sammen med dem.",
    ]


def test_check_names_the_uploaded_file_sheet_row_and_column_of_a_bad_cell() -> None:
    update = updates.check([budget_file("to millioner")], current_data())

    assert update.dataset is None
    assert lines(update, "errors") == [
        "«budsjett.xlsx», arket «Budsjett», rad 2, kolonne «Revidert»: «to millioner» er ikke et tall. Skriv et tall, for eksempel 250000."
    ]


def test_check_files_without_a_sheet_of_the_format_is_an_error() -> None:
    update = updates.check([("annet.xlsx", make_workbook({"Notater": [["Tekst"], ["hei"]]}))], current_data())

    assert update.dataset is None
    assert lines(update, "errors") == [
        "Filene har ingen ark i dataformatet (for eksempel «Mål», «Budsjett» eller «Sysselsetting»). Sjekk at arkene har riktige navn."
    ]


def test_check_without_current_data_reads_the_files_alone() -> None:
    update = updates.check([budget_file()], None)

    assert update.dataset is not None
    assert list(update.dataset.tables()) == ["budget"]
    assert (update.base, update.unchanged) == (None, ())


# --- the template: a sheet with only its header row changes nothing ----------------------------------

NEW_CHANGE = {"Dato": dt.date(2016, 3, 1), "År": 2016, "Post": "Ekstra prosjektstøtte", "Beløp": 150_000, "Begrunnelse": "Tilleggsbevilgning"}


def test_check_the_template_with_one_budget_change_changes_only_the_budget_changes(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))], sample, today=dt.date(2016, 2, 15))

    assert update.dataset is not None
    assert {t.header: t.summary() for t in update.changes if not t.empty} == {"Budsjettendringer": "1 nye, 2 fjernet"}
    for name, table in sample.tables().items():
        if name != "budget_changes":
            assert update.dataset.tables()[name] is table, name  # carried as published, not read again
    assert update.dataset.about == sample.about
    assert set(update.unchanged) == set(sample.tables()) - {"budget_changes"}
    assert not update.no_changes
    assert lines(update, "info")[:2] == [
        "Erstattes av opplastingen: «Budsjettendringer».",
        "Beholdes fra dagens data fordi arket i filen er tomt: «Om», «Kommuner», «Mål», «Måleverdier», «Aktiviteter», «Budsjett», «Sysselsetting», «Befolkning».",
    ]
    assert "«mal.xlsx», arket «Mål»: Arket har ingen rader under overskriften og er ikke med i opplastingen: «Mål» beholdes fra dagens data." in lines(update, "info")


def test_check_the_template_empties_a_table_only_when_asked(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({"Budsjett": []}))], sample, empty={"budget_changes"})

    assert update.dataset is not None
    assert update.dataset.budget_changes is not None and update.dataset.budget_changes.empty
    assert list(update.dataset.budget_changes.columns) == list(sample.budget_changes.columns)
    assert {t.header: t.summary() for t in update.changes if not t.empty} == {"Budsjettendringer": "2 fjernet"}
    assert lines(update, "info")[0] == "Tømmes i den nye versjonen (valgt): «Budsjettendringer»."


def test_check_the_template_as_handed_out_publishes_nothing(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({}))], sample)

    assert update.dataset is None
    assert lines(update, "errors") == [
        "Arkene i filene har ingen rader under overskriften, så det er ingen data å lese. Fyll inn data fra raden under overskriften."
    ]


def test_check_the_template_emptying_a_table_others_point_at_names_the_kept_rows(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({"Budsjettendringer": [NEW_CHANGE]}))], sample, empty={"goals"})

    assert update.dataset is None
    errors = lines(update, "errors")
    # The sample's first measurement (row 2) and activity (row 2, goal H2.2) point at goals that are gone.
    assert errors[0].startswith("«byr_glamdalen.xlsx», arket «Måleverdier», rad 2, kolonne «Mål-ID»: Det finnes ikke noe mål med ID")
    assert "«byr_glamdalen.xlsx», arket «Aktiviteter», rad 2, kolonne «Mål-ID»: Det finnes ikke noe mål med ID «H2.2» i arket «Mål». Rett ID-en." in errors
    assert errors[-1] == ("Feilene i «Måleverdier», «Aktiviteter» gjelder rader i dagens data, som beholdes fordi opplastingen ikke har rader for arket. "
                          "De kommer av det filene endrer: rett arkene du laster opp, eller last opp et rettet ark «Måleverdier», «Aktiviteter» sammen med dem.")


ACTIVITY = {"ID": "A99", "Aktivitet": "Ny aktivitet", "Kommune": "3401", "Status": "Påbegynt", "Fremdrift": 10}


def test_check_an_activity_may_point_at_a_goal_of_the_current_data(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({"Aktiviteter": [ACTIVITY | {"Mål-ID": "H1.3"}]}))], sample, today=dt.date(2016, 2, 15))

    assert lines(update, "errors") == []
    assert update.dataset is not None
    assert update.dataset.activities["goal_ids"].tolist() == [("H1.3",)]


def test_check_an_activity_pointing_at_an_unknown_goal_names_the_uploaded_cell(sample: Dataset) -> None:
    update = updates.check([("mal.xlsx", filled_template({"Aktiviteter": [ACTIVITY | {"Mål-ID": "H9.9"}]}))], sample, today=dt.date(2016, 2, 15))

    assert update.dataset is None
    assert lines(update, "errors") == [
        "«mal.xlsx», arket «Aktiviteter», rad 2, kolonne «Mål-ID»: Det finnes ikke noe mål med ID «H9.9» i arket «Mål». Rett ID-en."
    ]


@pytest.mark.parametrize(("title", "row", "column", "message"), [
    # A new goal sheet replaces every goal: the carried rows pointing at the old ones are reported in their own file.
    ("Mål", {"ID": "S", "Nivå": "Strategisk mål", "Navn": "Flere arbeidsplasser", "Status": "I rute", "Kommune": "3420"}, "Kommune",
     "Kommunenummeret 3420 står ikke i arket «Kommuner»."),
    ("Måleverdier", {"Mål-ID": "H1.3", "År": 2016, "Verdi": 5}, None, None),
    ("Måleverdier", {"Mål-ID": "H9.9", "År": 2016, "Verdi": 5}, "Mål-ID", "Det finnes ikke noe mål med ID «H9.9» i arket «Mål». Rett ID-en."),
    ("Budsjettendringer", NEW_CHANGE | {"Post": "Ukjent post"}, "Post", "Posten «Ukjent post» finnes ikke i arket «Budsjett» for 2016. Sjekk navnet på posten."),
    ("Sysselsetting", {"Kommunenummer": "3401", "År": 2016, "Sysselsatte": 8000}, None, None),
])
def test_check_references_of_an_uploaded_sheet_are_checked_against_the_carried_tables(
    sample: Dataset, title: str, row: dict[str, object], column: str | None, message: str | None,
) -> None:
    update = updates.check([("mal.xlsx", filled_template({title: [row]}))], sample, today=dt.date(2016, 2, 15))

    problems = [p.text() for p in update.report.errors + update.report.warnings if p.file == "mal.xlsx"]
    assert problems == ([] if message is None else [f"«mal.xlsx», arket «{title}», rad 2, kolonne «{column}»: {message}"])


# --- nothing to publish ------------------------------------------------------------------------------


def test_check_files_with_the_current_data_have_no_changes_and_publish_refuses_them(store: Store) -> None:  # noqa: F811
    updates.publish(store, updates.check(SAMPLE_FILES, None), "kari", "første")

    update = updates.check_current(store, SAMPLE_FILES)

    assert update.dataset is not None
    assert update.no_changes
    assert all(t.empty for t in update.changes)
    with pytest.raises(DataError) as refused:
        updates.publish(store, update, "kari", "igjen")
    assert str(refused.value) == "Ingen endringer å publisere: dataene er de samme som i gjeldende versjon (versjon 1). Ingenting er lagret."
    assert len(store.versions()) == 1


def test_rollback_to_the_same_data_is_refused(store: Store) -> None:  # noqa: F811
    updates.publish(store, updates.check(SAMPLE_FILES, None), "kari", "første")
    updates.publish(store, updates.check_current(store, [budget_file()]), "kari", "bare budsjett")
    updates.rollback(store, 1, "kari")

    with pytest.raises(DataError) as refused:
        updates.rollback(store, 1, "kari")

    assert str(refused.value) == "Ingen endringer å publisere: versjon 1 har de samme dataene som gjeldende versjon (versjon 3). Ingenting er lagret."
    assert [v.number for v in store.versions()] == [3, 2, 1]


# --- publishing and rolling back ---------------------------------------------------------------------


def test_publish_a_small_update_stores_only_the_changed_table_and_keeps_the_rest_as_published(store: Store) -> None:  # noqa: F811
    first = updates.publish(store, updates.check(SAMPLE_FILES, None), "kari", "første")
    blobs = blob_count(store)
    budget = store.dataset().budget
    changed = budget.assign(revised=budget["revised"] + 1)
    upload = ("budsjett.xlsx", _budget_workbook(changed))

    update = updates.check_current(store, [upload])
    second = updates.publish(store, update, "ola", "nytt budsjett")

    assert (update.base, second.number, second.files) == (first.number, 2, ("budsjett.xlsx",))
    assert blob_count(store) == blobs + 1
    published = store.dataset()
    assert published.budget["revised"].tolist() == changed["revised"].tolist()
    assert set(published.goals["_file"]) == {"byr_glamdalen.xlsx"}
    assert_same_tables(store.dataset(2), update.dataset)
    assert store.files(2) == [upload]


def _budget_workbook(budget: pd.DataFrame) -> bytes:
    from byr_data.export import export_workbook

    return export_workbook(Dataset(files=("x",), budget=budget))


def test_publish_is_refused_when_another_version_came_after_the_check(store: Store) -> None:  # noqa: F811
    updates.publish(store, updates.check(SAMPLE_FILES, None), "kari", "første")
    update = updates.check_current(store, [budget_file()])
    store.publish(store.dataset(), SAMPLE_FILES, "ola", "imellom")

    with pytest.raises(VersionConflict, match=r"^Versjon 2 ble publisert mens du forberedte denne \(den bygde på versjon 1\)\."):
        updates.publish(store, update, "kari", "for sent")
    assert [v.number for v in store.versions()] == [2, 1]


def test_publish_an_update_with_errors_raises_its_report(store: Store) -> None:  # noqa: F811
    with pytest.raises(DataError, match="«to millioner» er ikke et tall"):
        updates.publish(store, updates.check([budget_file("to millioner")], None), "kari", "feil")
    assert store.versions() == []


def test_rollback_stores_no_table_again_and_keeps_the_content_key(store: Store, sample: Dataset) -> None:  # noqa: F811
    updates.publish(store, updates.check(SAMPLE_FILES, None), "kari", "første")
    updates.publish(store, updates.check_current(store, [budget_file()]), "ola", "andre")
    blobs = blob_count(store)

    version = updates.rollback(store, 1, "per", base=2)

    assert (version.number, version.rollback_of) == (3, 1)
    assert blob_count(store) == blobs
    assert store.dataset(3).token == store.dataset(1).token != store.dataset(2).token
    assert (store.dataset(3).version, store.dataset(1).version.number) == (version, 1)
    assert_same_tables(store.dataset(3), sample)


def test_a_database_from_before_shared_tables_is_moved_on_open(store_url: str, sample: Dataset) -> None:  # noqa: F811
    with Store.open(store_url) as old:
        old.publish(sample, SAMPLE_FILES, "kari", "første")
        old.publish(sample, SAMPLE_FILES, "kari", "andre")
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:  # the schema as it was: every version's tables in full
        blob = "BYTEA" if conn.dialect.name == "postgresql" else "BLOB"
        conn.execute(sa.text("CREATE TABLE version_tables (version INTEGER NOT NULL REFERENCES versions (number), "
                             f"name VARCHAR(50) NOT NULL, payload {blob} NOT NULL, PRIMARY KEY (version, name))"))
        conn.execute(sa.text("INSERT INTO version_tables SELECT r.version, r.name, b.payload FROM version_table_refs r JOIN table_blobs b ON b.hash = r.hash"))
        conn.execute(sa.text("DROP TABLE version_table_refs"))
        conn.execute(sa.text("DROP TABLE table_blobs"))

    with Store.open(store_url) as moved:
        assert_same_tables(moved.dataset(1), sample)
        assert_same_tables(moved.dataset(2), sample)
        assert blob_count(moved) == len(sample.tables())
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("version_tables")
    engine.dispose()


def test_the_store_does_not_import_the_reader() -> None:
    code = "import sys, byr_data.store; print(sorted(m for m in sys.modules if m in ('byr_data.reading', 'byr_data.validation')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert out.strip() == "[]"


# --- the first version ----------------------------------------------------------------------------------


def test_seed_publishes_the_sample_as_version_1(store: Store, sample: Dataset) -> None:  # noqa: F811
    version = updates.seed(store, [SAMPLE])

    assert version is not None
    assert (version.number, version.author, version.comment) == (1, "system", "Første versjon fra byr_glamdalen.xlsx")
    assert_same_tables(store.dataset(), sample)
    assert store.files(1) == SAMPLE_FILES
    assert updates.seed(store, [SAMPLE]) is None
    assert len(store.versions()) == 1


def test_seed_refuses_invalid_files(store: Store, tmp_path: Path) -> None:  # noqa: F811
    sheets = minimal_valid()
    sheets["Budsjett"][1][3] = "to millioner"
    bad = tmp_path / "feil.xlsx"
    bad.write_bytes(make_workbook(sheets))

    with pytest.raises(DataError, match="«to millioner» er ikke et tall"):
        updates.seed(store, [bad])
    assert store.versions() == []


SEED = """
import sys, time
from byr_data import updates
from byr_data.store import Store
url, sample, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))
with Store.open(url) as store:
    version = updates.seed(store, [sample])
print(version.number if version else "ingen")
"""


def test_seed_in_two_processes_at_once_publishes_once(store_url: str, sample: Dataset) -> None:  # noqa: F811
    start = time.time() + 4  # both children have imported everything by then
    children = [run_child(SEED, store_url, str(SAMPLE), str(start)) for _ in range(2)]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outputs.append(out.strip())

    assert sorted(outputs) == ["1", "ingen"]
    with Store.open(store_url) as opened:
        assert [v.number for v in opened.versions()] == [1]
        assert_same_tables(opened.dataset(), sample)
