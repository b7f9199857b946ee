"""Suppressed DfE counts (issue 26): a count the Department for Education
suppressed is carried as suppressed (`[c]`, `[x]`: data/README.md), never
computed with as zero, and never enters a sentence as a number; every sum
that leaves one out says so.

The data are the 2016-09 sample with two LAs' counts suppressed, as DfE's
files for 31 March 2016 suppress them (Isles of Scilly, City of London);
every expected figure is recounted here from the files with pandas.
"""

import html
import re
import subprocess
import sys

import pandas as pd
import pytest

from bulletin_text import _figures, page_text, paragraph
from conftest import ROOT, build_here, read_rows, write_rows

from release.outputs import render

COUNTS = ["children_in_need", "children_looked_after", "child_protection_plans"]
#: (LA, count column, symbol) suppressed in the constructed data.
SUPPRESSED = [("Isles of Scilly", "children_in_need", "[c]"), ("City of London", "child_protection_plans", "[c]"),
              ("City of London", "children_looked_after", "[x]")]


def suppress(folder, cells=SUPPRESSED):
    path = folder / "local_authorities.csv"
    rows = read_rows(path)
    header = rows[0]
    for row in rows[1:]:
        for name, column, symbol in cells:
            if row[header.index("la_name")] == name:
                row[header.index(column)] = symbol
    write_rows(path, rows)


def run_check(folder):
    """``build.py --check`` as a process of its own (its exit status as a
    shell sees it)."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--data", str(folder), "--check"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def suppressed(tmp_path_factory):
    """(folder, original LA table, page HTML, page text, figures)."""
    from conftest import DATA, copy_release

    folder = copy_release(DATA, tmp_path_factory.mktemp("suppressed"))
    original = pd.read_csv(folder / "local_authorities.csv", dtype={c: int for c in COUNTS})
    suppress(folder)
    rel, figs, visuals = _figures(folder)
    page = render.render_page(rel, figs, visuals)
    return folder, original, page, page_text(page), figs


def _published(original):
    """The LA table as published: the suppressed cells are unknown (NaN)."""
    table = original.copy().astype({c: float for c in COUNTS})
    for name, column, _ in SUPPRESSED:
        table.loc[table["la_name"] == name, column] = float("nan")
    return table


def test_the_contract_accepts_the_gss_symbols(suppressed):
    folder, *_ = suppressed
    result = build_here("--data", folder, "--check")
    assert result.returncode == 0, result.stderr


#: The refusals also checked by a ``build.py --check`` process of their own;
#: the others run the same command line in this process (``build.main``).
IN_A_PROCESS = ("c",)


@pytest.mark.parametrize("value", ["c", "x", "-1", "12.5", "[z]", "", "NULL"])
def test_anything_else_in_a_count_is_refused_naming_file_row_and_column(data_copy, value):
    path = data_copy / "local_authorities.csv"
    rows = read_rows(path)
    rows[5][rows[0].index("children_in_need")] = value
    write_rows(path, rows)
    result = run_check(data_copy) if value in IN_A_PROCESS else build_here("--data", data_copy, "--check")
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "local_authorities.csv" in message and "children_in_need" in message
    assert re.search(r"\b6\b", message), message  # row 6: the header is row 1
    assert "[c]" in message  # the error says what is expected


def test_england_totals_are_sums_of_the_published_counts_only(suppressed):
    _, original, _, _, figs = suppressed
    published = _published(original)
    L = figs.ledger
    for column in COUNTS:
        expected = int(published[column].sum(skipna=True))
        assert L[f"context.{column}"].value == expected
        # Not computed with as zero in a way that differs from leaving out: the
        # real total (with the hidden count) is not what is printed.
        hidden = int(original[column].sum()) - expected
        assert hidden > 0, column
    assert L["context.counts_suppressed"].value is True
    assert L["context.suppressed.children_in_need"].value == ["Isles of Scilly"]
    assert L["context.suppressed.child_protection_plans"].value == ["City of London"]


def test_the_sentence_prints_the_published_sum_and_no_suppressed_number(suppressed):
    _, original, _, text, figs = suppressed
    published = _published(original)
    sentence = paragraph(text, "children in need, of which")
    for column in COUNTS:
        assert f"{int(published[column].sum()):,}" in sentence
        assert f"{int(original[column].sum()):,}" not in sentence  # the total with the hidden count
    for name, column, _ in SUPPRESSED:
        hidden = int(original.loc[original["la_name"] == name, column].iloc[0])
        # The hidden count appears nowhere in the page's sentences as a number.
        assert not re.search(rf"(?<![\d,.]){hidden:,}(?![\d,]|\.\d)", paragraph(text, "children in need, of which"))


def test_the_sum_says_which_las_it_leaves_out(suppressed):
    _, _, page, _, _ = suppressed
    note = re.search(r'<li id="fn-cin-suppressed">(.*?)</li>', page, flags=re.S)
    assert note, "no footnote on the England totals"
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", note.group(1))).split())
    assert "children in need in the Isles of Scilly" in words
    assert "children on a child protection plan in City of London" in words
    assert "children looked after in City of London" in words
    assert "[c]" in words and "[x]" in words


def test_the_shares_of_children_in_need_leave_the_suppressed_la_out(suppressed):
    _, original, _, _, figs = suppressed
    published = _published(original)
    L = figs.ledger
    inspected = set(figs.sif_now["la_code"])
    known = published[published["children_in_need"].notna()]
    count = int(known.loc[known["la_code"].isin(inspected), "children_in_need"].sum())
    assert (L["sif.cin_covered"].count_value, L["sif.cin_covered"].base_value) == (count, int(known["children_in_need"].sum()))


def test_without_suppression_there_is_no_note(figs):
    assert figs.ledger["context.counts_suppressed"].value is False
    assert all(figs.ledger[f"context.suppressed.{c}"].value == [] for c in COUNTS)


# --- every output: [c] in the spreadsheets, c in the open data ------------------------

@pytest.fixture(scope="module")
def built_suppressed(suppressed):
    """The suppressed data built as HTML through the command line, in this
    process (``build.main``: a process of its own adds only Python's
    start-up and imports)."""
    import build

    folder = suppressed[0]
    out = folder.parent / "out"
    assert build.main(["--data", str(folder), "--out", str(out), "--format", "html", "--quiet"]) == 0
    return out


HEADINGS = {"children_in_need": "Children in need (number)",
            "children_looked_after": "Children looked after (number)",
            "child_protection_plans": "Children on a child protection plan (number)"}


def _la_table(rows):
    """The LA table of a sheet read as rows: from its header row on."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == "New LA code")
    header = rows[start]
    return pd.DataFrame([r[: len(header)] for r in rows[start + 1:] if r and r[0]], columns=header)


def test_the_spreadsheets_la_table_shows_the_symbol_and_explains_it(suppressed, built_suppressed):
    import openpyxl

    _, original, *_ = suppressed
    ws = openpyxl.load_workbook(built_suppressed / "tables.xlsx")["Table_1"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    table = _la_table(rows).set_index("Local authority")
    for name, column, symbol in SUPPRESSED:
        assert table.at[name, HEADINGS[column]] == symbol
    # every other count is the LA's number, stored as a number
    for column, heading in HEADINGS.items():
        shown = table[heading]
        numbers = shown[shown.map(lambda v: not isinstance(v, str))]
        expected = original.set_index("la_name").loc[numbers.index, column]
        assert (numbers.astype(int) == expected).all()
        assert len(numbers) == len(shown) - sum(1 for _, c, _ in SUPPRESSED if c == column)
    above = " ".join(str(r[0]) for r in rows[:6] if r and r[0])
    assert "[c] = confidential" in above and "[x] = not available" in above


def test_the_ods_la_table_shows_the_symbol(built_suppressed):
    frames = pd.read_excel(built_suppressed / "tables.ods", sheet_name="Table_1", header=None, engine="odf")
    table = _la_table(frames.fillna("").values.tolist()).set_index("Local authority")
    for name, column, symbol in SUPPRESSED:
        assert table.at[name, HEADINGS[column]] == symbol


def test_the_open_data_carry_the_ees_symbol_and_say_what_totals_leave_out(suppressed, built_suppressed):
    _, original, *_ = suppressed
    published = _published(original)
    data = pd.read_csv(built_suppressed / "data" / "children_in_need_by_la.csv", dtype=str, keep_default_na=False)
    group = {"children_in_need": "Children in need", "children_looked_after": "Children looked after",
             "child_protection_plans": "Children on a child protection plan"}
    las = data[data["geographic_level"] == "Local authority"].set_index(["la_name", "children_group"])
    for name, column, symbol in SUPPRESSED:
        row = las.loc[(name, group[column])]
        assert row["number_of_children"] == symbol.strip("[]")
        assert row["number_of_las_suppressed"] == "1"
    england = data[data["geographic_level"] == "National"].set_index("children_group")
    for column in COUNTS:
        assert int(england.at[group[column], "number_of_children"]) == int(published[column].sum())
        left_out = sum(1 for _, c, _ in SUPPRESSED if c == column)
        assert int(england.at[group[column], "number_of_las_suppressed"]) == left_out
    numbers = data["number_of_children"]
    assert (numbers.str.fullmatch(r"\d+") | numbers.isin(["c", "x"])).all()


def test_a_count_no_la_publishes_has_no_total_in_the_sentence_or_the_open_data(data_copy):
    """DfE's file for an earlier year may lack a count for every LA (all
    [x]): England's total is then unknown, so the sentence leaves its
    clause out (never "0 were children looked after"), the footnote says
    no total is given, and the open data's England row carries the symbol."""
    from release.outputs import opendata
    from release.pipeline import load_and_validate
    from release.progress import Progress

    path = data_copy / "local_authorities.csv"
    rows = read_rows(path)
    column = rows[0].index("children_looked_after")
    for row in rows[1:]:
        row[column] = "[x]"
    write_rows(path, rows)
    rel, figs, visuals = _figures(data_copy)
    page = render.render_page(rel, figs, visuals)
    sentence = paragraph(page_text(page), "children in need, of which")
    assert "looked after" not in sentence and "were on a child protection plan" in sentence
    assert not re.search(r"\b0 were", sentence)
    note = " ".join(html.unescape(re.sub(r"<[^>]+>", "", re.search(
        r'<li id="fn-cin-suppressed">(.*?)</li>', page, flags=re.S).group(1))).split())
    assert "children looked after in every local authority, so no total is given" in note
    _, _, tables = load_and_validate(data_copy, Progress(quiet=True))
    data = opendata.children_file(rel, tables, opendata.geography(tables)).data
    looked_after = data[data["children_group"] == "Children looked after"]
    assert (looked_after["number_of_children"] == "x").all()
