"""Loading and validating source data: every broken file is reported with
the file, row and column, the build exits 1, and nothing is written."""

import pytest

from conftest import build_here, cell, read_rows, run_build, set_cell, write_rows
from release.inputs.config import load_release
from release.errors import DataError
from release.inputs.load import read_sources
from release.inputs.validate import validate


def problems_of(folder):
    rel = load_release(folder)
    raw, found = read_sources(folder)
    try:
        validate(raw, rel, found)
    except DataError as exc:
        return exc.problems, raw
    return [], raw


def assert_problem(problems, file, row, column, *, value=None, says=None):
    hits = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert hits, f"no problem at {file} row {row} column {column}; got {[str(p) for p in problems[:5]]}"
    if value is not None:
        assert any(p.value == value for p in hits), [str(p) for p in hits]
    if says is not None:
        assert any(says in p.expected for p in hits), [str(p) for p in hits]


def test_sample_data_is_valid(data_copy):
    problems, raw = problems_of(data_copy)
    assert problems == []
    assert raw.warnings == []


def test_values_padded_with_spaces_are_read_without_them_and_said(data_copy):
    """A value with spaces around it (a spreadsheet's stray space, quoted or
    not) is read as the value, and a warning names its row and column, so
    nothing is trimmed unseen; a file with none is read as it stands."""
    before, _ = read_sources(data_copy)
    code = cell(data_copy, "sif_inspections.csv", 6, "la_code")
    set_cell(data_copy, "sif_inspections.csv", 5, "overall_effectiveness", " Good  ")
    set_cell(data_copy, "sif_inspections.csv", 6, "la_code", code + " ")
    raw, problems = read_sources(data_copy)
    assert problems == []
    sif = raw.frames["sif_inspections.csv"]
    assert sif.at[5, "overall_effectiveness"] == "Good"
    assert sif.at[6, "la_code"] == before.frames["sif_inspections.csv"].at[6, "la_code"]
    assert not any(v != v.strip() for c in sif.columns for v in sif[c].tolist())
    for name, frame in raw.frames.items():
        if name != "sif_inspections.csv":
            assert frame.equals(before.frames[name])
    assert raw.warnings == ["sif_inspections.csv: spaces around a value dropped: "
                            f"row 5, column overall_effectiveness: ' Good  ' read as 'Good'; "
                            f"row 6, column la_code: {code + ' '!r} read as {code!r}"]
    assert problems_of(data_copy)[0] == []


def test_many_padded_values_are_counted_after_the_first_few(data_copy):
    from release.inputs.load import PADDED_NAMED

    for row in range(2, 2 + PADDED_NAMED + 3):
        set_cell(data_copy, "sif_inspections.csv", row, "overall_effectiveness",
                 cell(data_copy, "sif_inspections.csv", row, "overall_effectiveness") + " ")
    raw, problems = read_sources(data_copy)
    assert problems == [] and len(raw.warnings) == 1
    assert raw.warnings[0].count(" read as ") == PADDED_NAMED and raw.warnings[0].endswith("; and 3 more")


def test_what_loading_changed_or_ignored_is_in_the_qa_report_of_a_quiet_build(data_copy, tmp_path, built):
    """A --quiet build prints no warning, so the reviewers' QA report lists
    them; a release with none has no such section."""
    set_cell(data_copy, "sif_inspections.csv", 5, "overall_effectiveness", "Good ")
    rows = read_rows(data_copy / "previous_frameworks.csv")
    write_rows(data_copy / "previous_frameworks.csv", [rows[0] + ["notes"]] + [r + [""] for r in rows[1:]])
    result = build_here("--data", data_copy, "--out", tmp_path / "out", "--format", "html", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stdout + result.stderr
    report = (tmp_path / "out" / "qa-report.txt").read_text(encoding="utf-8")
    section = report[report.index("Warnings about the data"):]
    assert "  sif_inspections.csv: spaces around a value dropped: row 5, column overall_effectiveness: " \
           "'Good ' read as 'Good'" in section
    assert "  previous_frameworks.csv: unexpected column 'notes' ignored" in section
    assert "Warnings about the data" not in (built / "qa-report.txt").read_text(encoding="utf-8")


def test_a_column_name_padded_with_spaces_is_read_and_said(data_copy):
    path = data_copy / "previous_frameworks.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header.replace(",framework", ", framework") + "\n" + rest, encoding="utf-8")
    raw, problems = read_sources(data_copy)
    assert problems == []
    assert raw.warnings == ["previous_frameworks.csv: spaces around a column's name dropped: ' framework' read as 'framework'"]


def test_missing_file(data_copy):
    (data_copy / "sif_inspections.csv").unlink()
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "sif_inspections.csv", None, None, says="the file sif_inspections.csv")


def test_misspelt_column(data_copy):
    rows = read_rows(data_copy / "childrens_homes.csv")
    rows[0][rows[0].index("sector")] = "sectr"
    write_rows(data_copy / "childrens_homes.csv", rows)
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "childrens_homes.csv", 1, "sector", value="sectr", says="misspelling")


def test_unknown_judgement_word(data_copy):
    set_cell(data_copy, "sif_inspections.csv", 5, "overall_effectiveness", "Goood")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "sif_inspections.csv", 5, "overall_effectiveness", value="Goood", says="one of Outstanding")


def test_unknown_region(data_copy):
    set_cell(data_copy, "local_authorities.csv", 7, "region", "Mercia")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "local_authorities.csv", 7, "region", value="Mercia", says="North East")


@pytest.mark.parametrize("value", ["2016-02-30", "30/09/2016", "soon"])
def test_bad_or_impossible_date(data_copy, value):
    set_cell(data_copy, "homes_inspections.csv", 9, "publication_date", value)
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "homes_inspections.csv", 9, "publication_date", value=value, says="YYYY-MM-DD")


def test_inspection_outside_the_period(data_copy):
    set_cell(data_copy, "sif_inspections.csv", 3, "inspection_date", "2016-12-01")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "sif_inspections.csv", 3, "inspection_date", value="2016-12-01", says="SIF reporting window")


def test_publication_before_inspection(data_copy):
    inspected = cell(data_copy, "sif_inspections.csv", 4, "inspection_date")
    set_cell(data_copy, "sif_inspections.csv", 4, "publication_date", "2013-11-02" if inspected > "2013-11-02" else "2013-11-01")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "sif_inspections.csv", 4, "publication_date", says="on or after the inspection_date")


def test_duplicate_urn(data_copy):
    other = cell(data_copy, "childrens_homes.csv", 2, "urn")
    set_cell(data_copy, "childrens_homes.csv", 10, "urn", other)
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "childrens_homes.csv", 10, "urn", value=other, says="unique URN")


def test_duplicate_inspection(data_copy):
    rows = read_rows(data_copy / "homes_inspections.csv")
    copy = list(rows[5])
    copy[rows[0].index("event_id")] = "DUPLICATE-1"
    rows.append(copy)
    write_rows(data_copy / "homes_inspections.csv", rows)
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "homes_inspections.csv", len(rows), "inspection_date", says="one event of a type a day")


def test_inspection_of_unknown_urn(data_copy):
    set_cell(data_copy, "homes_inspections.csv", 12, "urn", "SC000000")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "homes_inspections.csv", 12, "urn", value="SC000000", says="URN listed in childrens_homes.csv")


def test_inspection_of_unknown_la(data_copy):
    set_cell(data_copy, "sif_inspections.csv", 6, "la_code", "E10999999")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "sif_inspections.csv", 6, "la_code", value="E10999999", says="LA code listed")


def test_empty_file(data_copy):
    (data_copy / "previous_frameworks.csv").write_text("")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "previous_frameworks.csv", None, None, says="the file is empty")


def test_header_only(data_copy):
    path = data_copy / "previous_frameworks.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "previous_frameworks.csv", 2, None, says="only a header")


def test_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "local_authorities.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problems, _ = problems_of(data_copy)
    assert problems == []


def test_windows_1252_is_refused_with_its_row(data_copy):
    path = data_copy / "childrens_homes.csv"
    rows = read_rows(path)
    rows[4][rows[0].index("provider_name")] = "Café Care Ltd"
    text = "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n"
    path.write_bytes(text.encode("cp1252"))
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "childrens_homes.csv", 5, None, says="UTF-8")


def test_trailing_totals_row(data_copy):
    rows = read_rows(data_copy / "local_authorities.csv")
    total = ["Total", "", "", "", "394400", "70440", "50310"]
    rows.append(total)
    write_rows(data_copy / "local_authorities.csv", rows)
    problems, _ = problems_of(data_copy)
    assert_problem(problems, "local_authorities.csv", len(rows), "la_code", says="totals row")


def test_unexpected_extra_column_warns_and_continues(data_copy):
    rows = read_rows(data_copy / "previous_frameworks.csv")
    write_rows(data_copy / "previous_frameworks.csv", [r + (["notes"] if i == 0 else ["x"]) for i, r in enumerate(rows)])
    problems, raw = problems_of(data_copy)
    assert problems == []
    assert raw.warnings == ["previous_frameworks.csv: unexpected column 'notes' ignored"]


def test_every_problem_is_reported_at_once(data_copy):
    set_cell(data_copy, "sif_inspections.csv", 5, "overall_effectiveness", "Goood")
    set_cell(data_copy, "local_authorities.csv", 7, "region", "Mercia")
    problems, _ = problems_of(data_copy)
    assert {p.file for p in problems} >= {"sif_inspections.csv", "local_authorities.csv"}


def test_invalid_data_exits_1_and_writes_nothing(data_copy, tmp_path):
    # In this process (build_here), HTML and PDF asked for: the exit status
    # of a process of its own is test_the_build_names_the_problem_...[encoding-own process].
    set_cell(data_copy, "sif_inspections.csv", 5, "overall_effectiveness", "Goood")
    out = tmp_path / "out"
    result = build_here("--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    assert "sif_inspections.csv, row 5, column overall_effectiveness: found 'Goood'" in result.stderr
    assert not out.exists()
    assert list(tmp_path.glob(".out*")) == []


def test_wrong_usage_exits_2(tmp_path):
    assert run_build("--release", "1999-01").returncode == 2
    # The same exit status from the command line in this process: argparse's SystemExit.
    import build

    with pytest.raises(SystemExit) as exited:
        build.main(["--format", "docx"])
    assert exited.value.code == 2


@pytest.fixture(scope="module")
def checked():
    """``build.py --check`` of the newest release, in a process of its own
    (what it imports is the process's own), run once for the two tests that
    read it: what it printed, then its exit status and which of matplotlib
    and WeasyPrint it imported, on the last line."""
    import subprocess, sys
    from conftest import ROOT
    # build.py's main, not the script: run as a script it ends the process
    # when done (exit_now), before anything could look at its modules.
    code = ("import sys, runpy; status = runpy.run_path('build.py')['main'](['--check'])\n"
            "print(status, sorted(m for m in ('matplotlib','weasyprint') if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)


def test_check_prints_a_summary(checked):
    out, err = checked.stdout, checked.stderr
    assert out.strip().splitlines()[-1].startswith("0 "), out + err
    assert "sif_inspections.csv" in out and "rows" in out
    assert "Data valid." in out


def test_check_does_not_import_matplotlib_or_weasyprint(checked):
    assert checked.stdout.strip().endswith("0 []"), checked.stdout + checked.stderr


# --- the corpus through the command line ------------------------------------------
# Each broken copy, built as a statistician would build it: the build says
# where the problem is (file, row, column), what it found and what it
# expected, exits 1, and writes nothing.

def _break_judgement(folder):
    set_cell(folder, "sif_inspections.csv", 5, "overall_effectiveness", "Goood")
    return "sif_inspections.csv, row 5, column overall_effectiveness: found 'Goood'", "expected one of Outstanding"


def _break_region(folder):
    set_cell(folder, "local_authorities.csv", 7, "region", "Mercia")
    return "local_authorities.csv, row 7, column region: found 'Mercia'", "North East"


def _break_date(folder):
    set_cell(folder, "homes_inspections.csv", 9, "publication_date", "2016-02-30")
    return "homes_inspections.csv, row 9, column publication_date: found '2016-02-30'", "YYYY-MM-DD"


def _break_period(folder):
    set_cell(folder, "sif_inspections.csv", 3, "inspection_date", "2016-12-01")
    return "sif_inspections.csv, row 3, column inspection_date: found '2016-12-01'", "SIF reporting window"


def _break_urn(folder):
    set_cell(folder, "childrens_homes.csv", 10, "urn", cell(folder, "childrens_homes.csv", 2, "urn"))
    return "childrens_homes.csv, row 10, column urn: found", "unique URN"


def _break_unknown_urn(folder):
    set_cell(folder, "homes_inspections.csv", 12, "urn", "SC000000")
    return "homes_inspections.csv, row 12, column urn: found 'SC000000'", "URN listed in childrens_homes.csv"


def _break_unknown_la(folder):
    set_cell(folder, "sif_inspections.csv", 6, "la_code", "E10999999")
    return "sif_inspections.csv, row 6, column la_code: found 'E10999999'", "LA code listed"


def _break_column(folder):
    rows = read_rows(folder / "childrens_homes.csv")
    rows[0][rows[0].index("sector")] = "sectr"
    write_rows(folder / "childrens_homes.csv", rows)
    return "childrens_homes.csv, row 1, column sector: found 'sectr'", "misspelling"


def _break_totals(folder):
    rows = read_rows(folder / "local_authorities.csv")
    rows.append(["Total", "", "", "", "394400", "70440", "50310"])
    write_rows(folder / "local_authorities.csv", rows)
    return f"local_authorities.csv, row {len(rows)}, column la_code: found 'Total'", "totals row"


def _break_encoding(folder):
    path = folder / "childrens_homes.csv"
    rows = read_rows(path)
    rows[4][rows[0].index("provider_name")] = "Café Care Ltd"
    path.write_bytes(("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n").encode("cp1252"))
    return "childrens_homes.csv, row 5", "UTF-8"


def _break_empty(folder):
    (folder / "previous_frameworks.csv").write_text("")
    return "previous_frameworks.csv", "the file is empty"


def _break_missing(folder):
    (folder / "sif_inspections.csv").unlink()
    return "sif_inspections.csv", "the file sif_inspections.csv"


CORPUS = {f.__name__[len("_break_"):]: f for f in (
    _break_judgement, _break_region, _break_date, _break_period, _break_urn, _break_unknown_urn, _break_unknown_la,
    _break_column, _break_totals, _break_encoding, _break_empty, _break_missing)}


#: The breakages also built by a ``build.py`` process of their own, as a
#: statistician runs it: a file that cannot be read (the one process of the
#: module that exits 1; test_invalid_data_exits_1_and_writes_nothing runs a
#: bad cell through ``build.main``). Every breakage is built
#: through ``build.main``, the same command line in this process, which
#: prints the same report and returns the exit status: what a process adds
#: is Python's start-up and imports, about 1.5 s a build.
IN_A_PROCESS = ("encoding",)


@pytest.mark.parametrize("breakage, process", [pytest.param(name, False, id=name) for name in CORPUS] +
                         [pytest.param(name, True, id=f"{name}-own process") for name in IN_A_PROCESS])
def test_the_build_names_the_problem_exits_1_and_writes_nothing(data_copy, tmp_path, breakage, process):
    where, expected = CORPUS[breakage](data_copy)
    out = tmp_path / "out"
    args = ("--data", str(data_copy), "--out", str(out), "--format", "html")
    result = run_build(*args) if process else build_here(*args)
    status, stderr = result.returncode, result.stderr
    assert status == 1, stderr
    assert where in stderr, stderr
    assert expected in stderr, stderr
    assert "Traceback" not in stderr
    assert not out.exists() and list(tmp_path.glob(".out*")) == []
