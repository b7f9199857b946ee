"""A statistician tries a sentence's cases (none, one, many) from the
command line, without writing a test: `build.py --try FILE:LINE KEY=V,...`."""

import pytest

from conftest import DATA, build_here
from release.inputs.config import load_release
from release.errors import ReleaseError
from release.review.try_cases import block_line, mark_source, parse_where, render_cases


def lines_of(name):
    return (DATA.parent.parent / "templates" / "sections" / name).read_text(encoding="utf-8").split("\n")


def line_of(name, text):
    return next(i for i, line in enumerate(lines_of(name), start=1) if text in line)


def test_each_paragraph_is_marked_with_its_file_and_line():
    marked = mark_source("{% if x %}\n<p>One.</p>\n  <li class=\"a\">Two</li>\n<li{% if y %}>\n", "a.html")
    assert '<p data-src="a.html:2">' in marked and '<li data-src="a.html:3" class="a">' in marked
    assert "<li{% if y %}>" in marked


def test_a_line_inside_a_paragraph_finds_the_paragraph():
    opening = line_of("lscb.html", "{% if B.outstanding.count.value %}") + 1
    assert block_line("lscb.html", opening + 3) == opening


def test_none_one_and_many_of_a_count_each_read_right(figs):
    rel = load_release(DATA)
    opening = line_of("lscb.html", "{% if B.outstanding.count.value %}") + 1
    cases = dict((case["lscb.outstanding"][0], text) for case, text in
                 render_cases(rel, figs, "lscb.html", opening, ["lscb.outstanding=0,1,3"]))
    assert cases[0] is None
    assert "One authority (" in cases[1] or "one authority (" in cases[1]
    assert "three authorities (" in cases[3].lower()


def test_an_unknown_figure_or_template_is_refused_with_what_there_is(figs):
    rel = load_release(DATA)
    with pytest.raises(ReleaseError, match="no figure 'lscb.outstandin'"):
        render_cases(rel, figs, "lscb.html", 20, ["lscb.outstandin=1"])
    with pytest.raises(ReleaseError, match="there are: .*lscb.html"):
        parse_where("lscbs.html:20")


def test_the_command_prints_each_case(tmp_path):
    opening = line_of("lscb.html", "{% if B.outstanding.count.value %}") + 1
    result = build_here("--try", f"lscb.html:{opening}", "lscb.outstanding=0,2", "--data", str(DATA))
    assert result.returncode == 0, result.stderr
    assert "lscb.outstanding=0/" in result.stdout and "(not shown: a condition" in result.stdout
    assert "lscb.outstanding=2/" in result.stdout

