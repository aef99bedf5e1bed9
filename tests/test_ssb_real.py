"""Issue 12, points 6–14: real SSB exports (tests/fixtures/ssb_exports, see its README for the
sources) and files built to their shape, read right or refused with a message that says what to do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from byr_data import charts, compute, views
from byr_data.cli import main
from byr_data.errors import Severity
from byr_data.reading import load
from byr_data.summary import summarise
from tests.conftest import ROOT
from tests.ssb_fixtures import wide_csv
from tests.test_app import PASSWORD, _admin_on_data_page
from tests.workbooks import make_workbook

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "ssb_exports"
TELEMARK = "telemark_11616_20220427.csv"


def real(name: str) -> bytes:
    return (EXPORTS / name).read_bytes()


def texts(result: object, severity: Severity) -> list[str]:
    return [p.text() for p in result.report.problems if p.severity is severity]  # type: ignore[attr-defined]


def refusal(name: str, data: bytes) -> tuple[str | None, str]:
    """The one error of a refused file: its sheet and message."""
    result = load([(name, data)])
    assert result.dataset is None
    [problem] = result.report.errors
    assert problem.file == name
    return problem.sheet, problem.message


def telemark_columns(*keep: int) -> bytes:
    """The real 11616 export with only some of its columns (0 is the region)."""
    lines = real(TELEMARK).decode("latin-1").split("\r\n") if b"\r\n" in real(TELEMARK) else real(TELEMARK).decode("latin-1").split("\n")
    out = []
    for line in lines:
        fields = line.split(";")
        out.append(";".join(fields[i] for i in keep) if len(fields) > 1 else line)
    return "\n".join(out).encode("latin-1")


# --- 6. residence is not workplace -----------------------------------------------------------------

RESIDENCE_MESSAGE = (
    "Filen teller sysselsatte etter bosted («Sysselsatte personer bosatt i regionen»), ikke etter arbeidssted. "
    "Arbeidsplasser er sysselsatte etter arbeidssted: last ned SSB-tabell 13470 (sysselsatte etter arbeidsstedskommune), "
    "eller velg «Sysselsatte personer med arbeidssted i regionen» i tabell 11616."
)


def test_the_full_11616_export_reads_the_place_of_work_and_lists_the_other_variables() -> None:
    result = load([(TELEMARK, real(TELEMARK))])

    assert texts(result, Severity.ERROR) == [] and result.dataset is not None
    employment = result.dataset.employment
    assert employment is not None
    horten = employment[(employment["code"] == "3801") & (employment["year"] == 2021)]
    assert horten["employed"].tolist() == [11360.0]  # not 12 807, the employed residents
    assert len(employment) == 23
    assert texts(result, Severity.INFO) == [
        f"«{TELEMARK}»: Filen har flere statistikkvariabler. Lest: «Sysselsatte personer med arbeidssted i regionen». "
        "Hoppet over: «Sysselsatte personer bosatt i regionen», «Personer som pendler inn i regionen» og «Personer som pendler ut av regionen»."
    ]


def test_an_11616_export_of_residents_only_is_refused() -> None:
    data = telemark_columns(0, 1)
    assert b"bosatt i regionen 2021" in data and b"arbeidssted" not in data

    assert refusal("11616-bosatt.csv", data) == (None, RESIDENCE_MESSAGE)


def test_a_long_11616_export_takes_the_place_of_work_variable() -> None:
    header = '"region";"statistikkvariabel";"år";"11616: Sysselsatte per 4. kvartal, etter region, statistikkvariabel og år"\n'
    rows = (
        '"3801 Horten";"Sysselsatte personer bosatt i regionen";"2021";12807\n'
        '"3801 Horten";"Personer som pendler inn i regionen";"2021";4367\n'
        '"3801 Horten";"Sysselsatte personer med arbeidssted i regionen";"2021";11360\n'
    )
    result = load([("11616-lang.csv", (header + rows).encode("utf-8"))])

    assert result.dataset is not None and result.dataset.employment is not None
    assert result.dataset.employment["employed"].tolist() == [11360.0]
    assert texts(result, Severity.INFO) == [
        "«11616-lang.csv»: Filen har flere statistikkvariabler. Lest: «Sysselsatte personer med arbeidssted i regionen». "
        "Hoppet over: «Sysselsatte personer bosatt i regionen» og «Personer som pendler inn i regionen»."
    ]
    residents_only = header + rows.splitlines(keepends=True)[0]
    assert refusal("11616-lang.csv", residents_only.encode("utf-8")) == (None, RESIDENCE_MESSAGE)


def test_a_residents_sheet_in_a_workbook_is_refused_naming_the_sheet() -> None:
    data = make_workbook({"11616": [["region", "Sysselsatte personer bosatt i regionen 2021"], ["3801 Horten", 12807]]})

    assert refusal("11616.xlsx", data) == ("11616", RESIDENCE_MESSAGE)


# --- 7. the right value column, or none ----------------------------------------------------------------

#: 16 industries (SSB's grouping, illustrative figures) that add up to the country's 2 818 174 jobs in 2022:
#: read as today, the total column stood for each industry and the country had 16 × 2 818 174 = 45 090 784.
SIXTEEN = [(f"{n:02d} Næring {n}", 176_000) for n in range(1, 16)] + [("16 Næring 16", 178_174)]


def total_and_parts_sheet(title: str = "Ark1") -> bytes:
    rows: list[list[object]] = [["Region", "År", "Sysselsatte Alle næringer", "Sysselsatte", "Næring"]]
    rows += [["0 Hele landet", 2022, 2_818_174, jobs, industry] for industry, jobs in SIXTEEN]
    return make_workbook({title: rows})


def test_a_total_column_beside_the_industry_column_is_read_as_the_total_not_as_each_industry() -> None:
    result = load([("naeringer.xlsx", total_and_parts_sheet())])

    assert texts(result, Severity.ERROR) == [] and texts(result, Severity.WARNING) == []
    assert result.dataset is not None and result.dataset.employment is not None
    employment = result.dataset.employment
    assert compute.employment_totals(employment)[["code", "year", "employed"]].values.tolist() == [["0", 2022, 2_818_174.0]]
    per_industry = employment.dropna(subset=["industry"])
    assert len(per_industry) == 16 and per_industry["employed"].sum() == 2_818_174
    assert texts(result, Severity.INFO) == [
        "«naeringer.xlsx», arket «Ark1»: Kolonnen «Sysselsatte Alle næringer» er lest som tallet for alle næringer, "
        "og «Sysselsatte» som tallet for hver næring."
    ]


def test_two_value_columns_that_cannot_be_told_apart_are_refused() -> None:
    data = "Region;År;Sysselsatte personer;Sysselsatte 4. kvartal\n3401 Kongsvinger;2022;8668;8670\n".encode()

    assert refusal("to.csv", data) == (None,
        "Filen har flere kolonner som kan være tallene: «Sysselsatte personer» og «Sysselsatte 4. kvartal». "
        "Det går ikke å se hvilken som skal leses. Slett kolonnene som ikke skal leses, eller gi dem navn som sier hva de er "
        "(for eksempel «Sysselsatte alle næringer» for totalen og «Sysselsatte» for hver næring), og prøv igjen.")


# --- 8. population is not employment -----------------------------------------------------------------

UNDECIDED = (
    "Filen sier ikke om tallene er sysselsatte eller innbyggere: verken tabellnummer, overskrift, statistikkvariabel "
    "eller kolonner forteller det. Velg hva filen inneholder, «Sysselsetting» eller «Befolkning», og les den inn på nytt "
    "(på kommandolinjen: --som Sysselsetting FIL eller --som Befolkning FIL)."
)


def ssbkurs_totals() -> bytes:
    """The real 07459-style export (``Region;Alder;Tid;value``) summed over age, without the age column:
    nothing in it says whether it counts people or jobs."""
    frame = pd.read_csv(EXPORTS / "ssbkurs_befolkning_alder_2013_2015.csv", sep=";", dtype={"Region": str})
    totals = frame.groupby(["Region", "Tid"], sort=False)["value"].sum().reset_index()
    return totals.to_csv(sep=";", index=False).encode()


def test_a_csv_that_does_not_say_what_it_counts_is_refused_naming_both_choices() -> None:
    data = ssbkurs_totals()
    assert data.startswith(b"Region;Tid;value\n0101;2013;")

    assert refusal("tall.csv", data) == (None, UNDECIDED)


def test_the_users_choice_reads_such_a_file_and_the_content_still_decides_where_it_tells() -> None:
    as_population = load([("tall.csv", ssbkurs_totals())], kinds={"tall.csv": "Befolkning"})
    # The real file says it by its age column: population, whatever was chosen for another file.
    real_file = load([("befolkning.csv", real("ssbkurs_befolkning_alder_2013_2015.csv"))], kinds={"tall.csv": "Sysselsetting"})

    for result in (as_population, real_file):
        assert result.dataset is not None and result.dataset.employment is None and result.dataset.population is not None
        population = result.dataset.population
        # Kongsvinger (0402 in the file, 3401 today) 1 January 2013: 3 424 + 10 293 + 3 921 people.
        assert population[(population["code"] == "3401") & (population["year"] == 2013)]["population"].tolist() == [17638.0]


def test_the_cli_takes_som_for_validate_summary_and_publish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tall.csv"
    path.write_bytes(ssbkurs_totals())

    assert main(["validate", str(path)]) == 1
    assert UNDECIDED in capsys.readouterr().out
    assert main(["validate", "--som", "Befolkning", str(path)]) == 0
    assert "Lest: Befolkning: 1269 rader" in capsys.readouterr().out
    assert main(["summary", "--som", "befolkning", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["population"]["3401"]["2013"] == 17638
    with pytest.raises(SystemExit) as usage:
        main(["validate", "--som", "Folk", str(path)])
    assert usage.value.code == 2
    assert capsys.readouterr().err.endswith("error: --som må være «Sysselsetting» eller «Befolkning», ikke «Folk».\n")
    db = f"sqlite:///{tmp_path / 'byr.sqlite'}"
    assert main(["publish", "--db", db, "--comment", "Folketall", str(path)]) == 1
    assert UNDECIDED in capsys.readouterr().out
    assert main(["publish", "--db", db, "--comment", "Folketall", "--som", "Befolkning", str(path)]) == 0
    assert "Publisert som versjon 1" in capsys.readouterr().out


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch) -> str:
    """The administrator's password, as tests/test_app.py sets it (with a login throttle of the test's own)."""
    from byr_data import auth, auth_ui

    monkeypatch.setenv("BYR_ADMIN_PASSWORD_HASH", auth.hash_password(PASSWORD))
    monkeypatch.setattr(auth_ui, "_THROTTLE", auth.LoginThrottle())
    return PASSWORD


def test_the_data_page_asks_what_such_a_file_holds_and_reads_it_as_chosen(admin: str) -> None:
    at = _admin_on_data_page(admin)
    at.file_uploader(key="upload_files").set_value([("tall.csv", ssbkurs_totals(), "text/csv")]).run()
    assert not at.exception
    assert any(f"«tall.csv»: {UNDECIDED}" in m.value for m in at.markdown)
    choice = at.radio(key="kind_tall.csv")
    assert choice.label == "Hva inneholder «tall.csv»?" and choice.options == ["Sysselsetting", "Befolkning"] and choice.value is None

    choice.set_value("Befolkning").run()
    assert not at.exception
    assert at.success[0].value == "Filene er kontrollert og kan publiseres."
    assert any("Erstattes av opplastingen: «Befolkning»" in m.value for m in at.markdown)
    at.text_input(key="publish_comment").input("Folketall").run()  # the choice stays while the admin types
    assert at.radio(key="kind_tall.csv").value == "Befolkning"
    at.button(key="publish").click().run()
    assert any("Publisert som versjon 2" in s.value for s in at.success)


# --- 9. SSB's own region codes; nynorsk ---------------------------------------------------------------


def test_ssbs_historic_and_special_regions_are_skipped_with_one_information_line() -> None:
    name = "erleholgersen_folketall.csv"
    result = load([(name, real(name))])

    assert texts(result, Severity.ERROR) == [] and texts(result, Severity.WARNING) == []  # 325 errors before
    assert texts(result, Severity.INFO) == [
        f"«{name}»: Filen har flere statistikkvariabler. Lest: «Folkemengde». "
        "Hoppet over: «Levendefødte», «Døde», «Innflyttinger» og «Utflyttinger».",
        f"«{name}»: SSBs historiske og særskilte regioner er hoppet over (de er verken kommuner, fylker eller hele landet): "
        "«13 Bergen (t.o.m. 1971)», «25 Utlandet», «26 Havområder», «88 Ikke bosatt i Norge» og «99 Uoppgitt fylke».",
    ]
    assert result.dataset is not None and result.dataset.population is not None
    population = result.dataset.population
    assert set(population["code"]) == {f"{n:02d}" for n in [*range(1, 13), *range(14, 24)]}  # 01–12, 14–20 and 21–23
    assert population[(population["code"] == "04") & (population["year"] == 2015)]["population"].tolist() == [195153.0]
    assert len(population) == 22 * 65


def test_a_nynorsk_export_is_read_like_a_bokmal_one() -> None:
    nynorsk = wide_csv(
        [("3401 Kongsvinger", "00-99 Alle næringar", 2021, 8614), ("3401 Kongsvinger", "01-03 Jordbruk, skogbruk og fiske", 2021, 208),
         ("Heile landet", "00-99 Alle næringar", 2021, 2_800_000)],
        title="13470: Sysselsette per 4. kvartal, etter arbeidsstadkommune, næring (SN2007)", variable="Sysselsette personar",
    )
    people = (
        '"region";"alder";"statistikkvariabel";"år";"verdi"\n'
        '"3401 Kongsvinger";"Alle aldrar";"Personar";"2021";17799\n'
        '"3401 Kongsvinger";"0-19 år";"Personar";"2021";3400\n'
        '"Heile landet";"Alle aldrar";"Personar";"2021";5391369\n'
    ).encode()

    result = load([("13470-nn.csv", nynorsk), ("07459-nn.csv", people)])

    assert texts(result, Severity.ERROR) == [] and texts(result, Severity.WARNING) == []
    assert result.dataset is not None and result.dataset.employment is not None and result.dataset.population is not None
    employment = result.dataset.employment
    assert compute.employment_totals(employment)[["code", "year", "employed", "name"]].values.tolist() == [
        ["0", 2021, 2_800_000.0, "Heile landet"], ["3401", 2021, 8614.0, "Kongsvinger"],
    ]
    assert employment["industry"].dropna().tolist() == ["01-03 Jordbruk, skogbruk og fiske"]
    population = result.dataset.population
    assert population[["code", "year", "population"]].values.tolist() == [["3401", 2021, 17799.0], ["0", 2021, 5391369.0]]


# --- 10. any other breakdown is summed ----------------------------------------------------------------

#: Built to the shape of a table 13472 export (employed by place of work, sector and industry); illustrative
#: sector figures that add up to Kongsvinger's public totals 8 614 (2021) and 8 668 (2022).
SECTOR_13472 = (
    '"13472: Sysselsatte per 4. kvartal, etter arbeidsstedskommune, sektor, næring (SN2007), statistikkvariabel og år"\r\n\r\n'
    '"region";"sektor";"næring (SN2007)";"statistikkvariabel";"2021";"2022"\r\n'
    '"3401 Kongsvinger";"6100 Statsforvaltningen";"00-99 Alle næringer";"Sysselsatte personer";1500;1510\r\n'
    '"3401 Kongsvinger";"6500 Kommuneforvaltningen";"00-99 Alle næringer";"Sysselsatte personer";2100;2120\r\n'
    '"3401 Kongsvinger";"1110-1500 Privat sektor og offentlige foretak";"00-99 Alle næringer";"Sysselsatte personer";5014;5038\r\n'
).encode("latin-1")


def test_a_sector_breakdown_is_summed_and_said() -> None:
    result = load([("13472.csv", SECTOR_13472)])

    assert texts(result, Severity.ERROR) == [] and texts(result, Severity.WARNING) == []  # «slett eller rett den ene raden» before
    assert result.dataset is not None and result.dataset.employment is not None
    employment = result.dataset.employment
    assert employment[["code", "year", "employed", "_row"]].values.tolist() == [["3401", 2021, 8614.0, 4], ["3401", 2022, 8668.0, 4]]
    assert texts(result, Severity.INFO) == [
        "«13472.csv»: Tallene er lagt sammen over kategoriene i «sektor», slik at hver region har ett tall per år og næring."
    ]


def test_the_age_groups_of_the_real_population_export_are_summed_and_said() -> None:
    name = "ssbkurs_befolkning_alder_2013_2015.csv"
    result = load([(name, real(name))])

    assert texts(result, Severity.INFO) == [f"«{name}»: Tallene er lagt sammen over kategoriene i «Alder», slik at hver region har ett tall per år."]


# --- 11. the file given last wins -------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "byr_glamdalen.xlsx"
SSBKURS = "ssbkurs_befolkning_alder_2013_2015.csv"


def population_warnings(result: object) -> list[str]:
    return [p.text() for p in result.report.warnings if p.column == "Innbyggere"]  # type: ignore[attr-defined]


def test_a_real_population_file_given_after_the_sample_wins_and_every_replaced_figure_is_named() -> None:
    result = load([("byr_glamdalen.xlsx", SAMPLE.read_bytes()), (SSBKURS, real(SSBKURS))])

    assert result.dataset is not None and result.dataset.population is not None
    population = result.dataset.population
    # The real 0402 Kongsvinger (3 424 + 10 293 + 3 921) over the sample's made-up 3401 = 17 744.
    assert population[(population["code"] == "3401") & (population["year"] == 2013)]["population"].tolist() == [17638.0]
    warnings = population_warnings(result)
    assert len(warnings) == 21  # 7 municipalities × 2013–2015, every one differs
    assert warnings[0] == (
        f"«{SSBKURS}», rad 371, kolonne «Innbyggere»: Folketallet for 3401 i 2013 er 17 638 i «{SSBKURS}» og 17 744 i «byr_glamdalen.xlsx». "
        f"Tallet fra «{SSBKURS}», filen som er gitt sist, brukes."
    )


def test_the_sample_given_last_wins_over_the_real_file() -> None:
    result = load([(SSBKURS, real(SSBKURS)), ("byr_glamdalen.xlsx", SAMPLE.read_bytes())])

    assert result.dataset is not None and result.dataset.population is not None
    population = result.dataset.population
    assert population[(population["code"] == "3401") & (population["year"] == 2013)]["population"].tolist() == [17744.0]
    assert population_warnings(result)[0].endswith(
        f"Folketallet for 3401 i 2013 er 17 744 i «byr_glamdalen.xlsx» og 17 638 i «{SSBKURS}». Tallet fra «byr_glamdalen.xlsx», filen som er gitt sist, brukes."
    )


# --- 12. sanity checks on the figures ---------------------------------------------------------------


def sanity(rows: list[tuple[str, str | None, int, float | None]], population: bytes | None = None) -> list[tuple[Severity, int | None, str | None, str]]:
    """Errors and warnings (severity, row, column, message) of a 13470-shaped export (and a population export)."""
    files = [("13470.csv", wide_csv(rows))] + ([("07459.csv", population)] if population else [])
    result = load(files)
    assert all(p.file == "13470.csv" for p in result.report.problems if p.severity is not Severity.INFO)
    return [(p.severity, p.row, p.column, p.message) for p in result.report.problems if p.severity is not Severity.INFO]


ALL = "00-99 Alle næringer"
E, W = Severity.ERROR, Severity.WARNING


def test_the_whole_countrys_jobs_must_lie_between_one_and_four_million() -> None:
    # Line 1 title, 2 blank, 3 header, 4 the country: point 7's misreading (16 × 2 818 174).
    assert sanity([("0 Hele landet", ALL, 2022, 45_090_784)]) == [(E, 4, "Sysselsatte",
        "Hele landet har 45 090 784 sysselsatte i 2022, men hele landets tall ligger mellom 1 000 000 og 4 000 000. "
        "Sjekk at kolonnen med tallene og koden 0 for hele landet er riktige.")]
    assert sanity([("0 Hele landet", ALL, 2022, 999_999)])[0][3].startswith("Hele landet har 999 999 sysselsatte i 2022")
    assert sanity([("0 Hele landet", ALL, 2022, 1_000_000), ("0 Hele landet", ALL, 2023, 4_000_000)]) == []


def test_a_county_above_the_country_and_a_municipality_above_its_county_are_errors() -> None:
    rows = [("0 Hele landet", ALL, 2022, 2_818_174), ("34 Innlandet", ALL, 2022, 2_900_000),
            ("3401 Kongsvinger", ALL, 2022, 8668), ("3414 Nord-Odal", ALL, 2022, 1450), ("38 Vestfold og Telemark", ALL, 2022, 1000),
            ("3801 Horten", ALL, 2022, 11360)]

    assert sanity(rows) == [
        (E, 5, "Sysselsatte", "Fylket 34 har 2 900 000 sysselsatte i 2022, flere enn hele landet (2 818 174). Sjekk kodene og tallene."),
        (E, 9, "Sysselsatte", "Kommunen 3801 har 11 360 sysselsatte i 2022, flere enn fylket 38 (1 000). Sjekk kodene og tallene."),
    ]


def test_an_old_code_is_held_against_its_old_county() -> None:
    # 0402 Kongsvinger in 2019 belongs to 04 Hedmark (illustrative county figure far too low).
    assert sanity([("04 Hedmark", ALL, 2019, 5000), ("0402 Kongsvinger (-2019)", ALL, 2019, 8423)]) == [
        (E, 5, "Sysselsatte", "Kommunen 3401 har 8 423 sysselsatte i 2019, flere enn fylket 04 (5 000). Sjekk kodene og tallene."),
    ]


def test_more_jobs_than_residents_and_a_jump_of_over_20_percent_are_warnings() -> None:
    people = '"region";"statistikkvariabel";"2020"\n"3419 Våler (Innlandet)";"Personer";1000\n"3401 Kongsvinger";"Personer";17799\n'.encode()
    rows = [("3419 Våler (Innlandet)", ALL, 2020, 1049), ("3401 Kongsvinger", ALL, 2019, 8423), ("3401 Kongsvinger", ALL, 2020, 10300)]

    assert sanity(rows, people) == [
        (W, 5, "Sysselsatte", "Antall sysselsatte i 3401 endret seg fra 8 423 i 2019 til 10 300 i 2020 (+22 %). "
                              "Over 20 % på ett år er uvanlig for en kommune: sjekk tallet."),
        (W, 4, "Sysselsatte", "Kommunen 3419 har 1 049 sysselsatte i 2020, flere enn innbyggerne (1 000). "
                              "Det kan stemme i en kommune med mange som pendler inn, men sjekk tallene."),
    ]


# --- 14. the command line shows everything read, and stops quietly ----------------------------------


def test_summary_json_shows_the_comparisons_so_a_misread_column_shows() -> None:
    sheet = total_and_parts_sheet()
    result = load([("naeringer.xlsx", sheet)])
    assert result.dataset is not None

    assert summarise(result.dataset)["comparisons"] == {"0": {"2022": 2_818_174}}  # 45 090 784 before point 7


def test_summary_json_shows_population_and_comparisons_from_real_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "13470.csv").write_bytes(wide_csv([("34 Innlandet", ALL, 2021, 186_000), ("0 Hele landet", ALL, 2021, 2_800_000),
                                                  ("3401 Kongsvinger", ALL, 2021, 8614)]))
    (tmp_path / SSBKURS).write_bytes(real(SSBKURS))

    assert main(["summary", "--json", str(tmp_path)]) == 0  # a folder: its .xlsx and .csv files
    summary = json.loads(capsys.readouterr().out)
    assert summary["comparisons"] == {"0": {"2021": 2_800_000}, "34": {"2021": 186_000}}
    assert summary["population"]["3401"] == {"2013": 17638, "2014": 17825, "2015": 17881}
    assert summary["jobs"]["employed"] == {"3401": {"2021": 8614}}


def test_one_refused_file_does_not_hide_the_errors_of_the_others() -> None:
    bad = wide_csv([("3401 Kongsvinger", ALL, 2021, -5)])
    result = load([("tall.csv", ssbkurs_totals()), ("13470.csv", bad)])

    assert result.dataset is None
    assert [p.text() for p in result.report.errors] == [
        f"«tall.csv»: {UNDECIDED}",
        "«13470.csv», rad 4, kolonne «Sysselsatte»: Antall sysselsatte kan ikke være negativt (-5). Rett tallet.",
    ]


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    # 99 municipalities × 24 yearly jumps of 50 %: over a megabyte of warnings, far more than a pipe holds.
    rows = [(f"{code} Kommune", ALL, year, 2000 if year % 2 else 3000) for code in range(3401, 3500) for year in range(2000, 2025)]
    path = tmp_path / "hopp.csv"
    path.write_bytes(wide_csv(rows))

    process = subprocess.Popen([sys.executable, "-m", "byr_data", "validate", "--json", str(path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"{\n"
    process.stdout.close()  # as `| head -1` does
    error = process.stderr.read()
    process.wait()
    assert error == b""


# --- 13. both 2015 series ---------------------------------------------------------------------------

#: Built to the shape of a long 13470 export with the statistics variable on both bases: Kongsvinger's
#: public 2014 (8 370) and 2015 (8 222, new basis) and 2016 (8 336); the old-basis 2015 figure (8 300) is illustrative.
BOTH_BASES = (
    '"region";"næring (SN2007)";"statistikkvariabel";"år";"13470: Sysselsatte per 4. kvartal, etter arbeidsstedskommune, næring (SN2007), statistikkvariabel og år"\n'
    '"3401 Kongsvinger";"00-99 Alle næringer";"Sysselsatte personer (gammelt grunnlag)";"2014";8370\n'
    '"3401 Kongsvinger";"00-99 Alle næringer";"Sysselsatte personer (gammelt grunnlag)";"2015";8300\n'
    '"3401 Kongsvinger";"00-99 Alle næringer";"Sysselsatte personer (nytt grunnlag)";"2015";8222\n'
    '"3401 Kongsvinger";"00-99 Alle næringer";"Sysselsatte personer (nytt grunnlag)";"2016";8336\n'
).encode()
#: The same figures with the basis in a column of its own, years as columns.
BASIS_COLUMN = (
    b'"region";"grunnlag";"statistikkvariabel";"2014";"2015";"2016"\n'
    b'"3401 Kongsvinger";"Gammelt grunnlag";"Sysselsatte personer";8370;8300;".."\n'
    b'"3401 Kongsvinger";"Nytt grunnlag (a-ordningen)";"Sysselsatte personer";"..";8222;8336\n'
)
BOTH_BASES_LINE = (
    "- **2015 på to grunnlag:** SSB har tall for 2015 både på gammelt og på nytt grunnlag (a-ordningen). "
    "Nivået for 2015 er på nytt grunnlag; endringen fra 2014 til 2015 regnes med 2015 på gammelt grunnlag, "
    "så den ikke blandes med bruddet i statistikken."
)


@pytest.mark.parametrize("data", [BOTH_BASES, BASIS_COLUMN], ids=["variable", "column"])
def test_both_2015_series_new_basis_for_the_level_old_basis_for_the_change(data: bytes) -> None:
    result = load([("13470.csv", data)])

    assert texts(result, Severity.ERROR) == [] and texts(result, Severity.WARNING) == []
    dataset = result.dataset
    assert dataset is not None
    totals = compute.municipal_totals(dataset)
    assert totals[["year", "employed"]].values.tolist() == [[2014, 8370.0], [2015, 8222.0], [2016, 8336.0]]  # the level: new basis
    assert compute.old_basis_totals(dataset) == {("3401", 2015): 8300.0}
    # 2014 → 2015 on the old basis: 8 300 − 8 370 = −70 (not 8 222 − 8 370 = −148); 2015 → 2016: 8 336 − 8 222 = +114.
    assert compute.region_net_change(dataset).net_change.to_dict() == {2015: -70.0, 2016: 114.0}
    assert compute.yearly_change(totals, compute.old_basis_totals(dataset))["change"].tolist() == [-70.0, 114.0]
    assert views.method_text(None, 2014, "members_each_year", both_bases=[2015]).splitlines()[-1] == BOTH_BASES_LINE


def test_with_only_one_series_the_change_is_plain_and_the_break_marker_stays() -> None:
    old_only = b"\n".join(line for line in BOTH_BASES.split(b"\n") if b"nytt grunnlag" not in line)
    result = load([("13470.csv", old_only)])

    assert result.dataset is not None
    assert compute.old_basis_totals(result.dataset) == {}
    assert compute.region_net_change(result.dataset).net_change.to_dict() == {2015: -70.0}
    figure = charts.employment_lines(compute.municipal_totals(result.dataset), {"3401": "Kongsvinger"})
    assert [a.text for a in figure.layout.annotations if "Brudd" in str(a.text)] == ["Brudd i statistikken 2015"]
    assert BOTH_BASES_LINE not in views.method_text(None, 2014, "members_each_year")


def test_an_update_with_one_refused_file_lists_the_others_errors_and_publishes_nothing() -> None:
    from byr_data import updates

    current = load([("byr_glamdalen.xlsx", SAMPLE.read_bytes())]).dataset
    assert current is not None
    bad = wide_csv([("3401 Kongsvinger", ALL, 2021, -5)])

    update = updates.check([("tall.csv", ssbkurs_totals()), ("13470.csv", bad)], current)

    assert update.dataset is None
    assert [p.text() for p in update.report.errors] == [
        f"«tall.csv»: {UNDECIDED}",
        "«13470.csv», rad 4, kolonne «Sysselsatte»: Antall sysselsatte kan ikke være negativt (-5). Rett tallet.",
    ]
