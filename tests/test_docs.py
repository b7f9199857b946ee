"""The statistician's guide (docs/writing-commentary.md) lists every filter
and test the commentary's Jinja environment registers, each with an example
that gives what the guide says it gives."""

import re

import pytest

from conftest import ROOT

GUIDE = ROOT / "docs" / "writing-commentary.md"


def documented() -> dict[str, tuple[str, str]]:
    """The guide's table under "Every filter and test": name -> (example,
    what it gives)."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Every filter and test", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        m = re.fullmatch(r"`(\w+)`(?: \(test\))?", cells[0]) if len(cells) == 3 else None
        if m:
            rows[m.group(1)] = (cells[1].strip("`").replace("\\|", "|"), cells[2])
    return rows


def registered() -> set[str]:
    """Every filter and test of the public environment, as the build registers them."""
    from release.outputs.render import environment

    import jinja2

    env, bare = environment(), jinja2.Environment()
    # Jinja's own, unless the build replaced one (``count`` is the build's, not Jinja's ``length``).
    return ({name for name, fn in env.filters.items() if bare.filters.get(name) is not fn}
            | {name for name, fn in env.tests.items() if bare.tests.get(name) is not fn})


def example_figures() -> dict:
    """The figures the guide's examples name, as it describes them."""
    from release.ledger import Ledger

    L = Ledger()
    for key, count, base in (("a", 26, 100), ("b", 28, 100), ("s", 39, 54), ("h", 57, 58), ("e", 0, 0)):
        L.share(key, count, base, "an example share")
    for key, value in (("n", 4), ("m", 6), ("big", 21), ("zero", 0), ("one", 1), ("two", 2),
                       ("places", ["Birmingham", "Sunderland", "Bromley"])):
        L.add(key, value, "an example figure")
    return dict(L.figures)


def test_every_registered_filter_and_test_is_in_the_guide():
    assert sorted(registered() - set(documented())) == []


def test_the_guide_lists_no_filter_or_test_that_is_not_registered():
    assert sorted(set(documented()) - registered()) == []


@pytest.mark.parametrize("name", sorted(documented()))
def test_each_example_in_the_guide_gives_what_it_says(name):
    from release.outputs.render import environment

    example, gives = documented()[name]
    assert re.search(rf"\|\s*{name}\b|\bis {name}\b", example), f"the example of {name} does not use it"
    assert environment().from_string(example).render(**example_figures()) == gives


def test_the_check_reads_the_table():
    """A filter left out of the table is found missing."""
    assert {"count", "more_fewer", "comparable", "whole"} <= set(documented())
    assert "a_filter_nobody_wrote" not in documented()
