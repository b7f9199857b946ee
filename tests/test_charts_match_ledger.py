"""Every chart shows the figures the text quotes.

For each of the nineteen charts, the numbers are read back from the chart's
own data download (the CSV a reader gets, made from what was plotted) and
compared with the figures of the ledger, which the commentary prints. A
chart and the sentence about it can never disagree: if one changes, this
fails.
"""

import csv

import pytest

from charts.specs import SPECS
from release.inputs import judgements as j

GRADE_KEYS = {j.OUTSTANDING: "outstanding", j.GOOD: "good", j.REQUIRES_IMPROVEMENT: "requires_improvement",
              j.INADEQUATE: "inadequate"}
REGION_KEYS = {r: r.lower().replace(" ", "_") for r in j.REGIONS}
SECTOR_KEYS = {"Local authority": "local_authority", "Private": "private", "Voluntary": "voluntary"}
SUB_TYPE_KEYS = {"Children’s home": "children_s_home", "Residential special school": "residential_special_school",
                 "Secure children’s home": "secure_children_s_home"}
PREVIOUS_KEYS = {"Outstanding": "outstanding", "Good": "good", "Adequate": "adequate", "Inadequate": "inadequate"}


@pytest.fixture(scope="module")
def downloads(page_charts):
    """Each chart's data download, as {bar: {category: number}}: the CSV
    the build writes beside the chart (conftest.page_charts)."""
    out = {}
    for spec in SPECS:
        spec, drawing = page_charts[spec.key]
        data = csv.DictReader(drawing["csv"].splitlines())
        bars = {}
        for row in data:
            bars.setdefault(spec.bar(row), {})[row["Category"]] = int(row["Number"])
        out[spec.key] = bars
    return out


def _profile(prefix):
    """A bar that is a judgement profile whose ledger figures are under ``prefix``."""
    return {grade: f"{prefix}.{key}" for grade, key in GRADE_KEYS.items()}


def _year(bar, then, now):
    return bar.rsplit(", ", 1)[1] == then


def expected(figs) -> dict:
    """For every chart, every bar: {category: ledger key of its count}."""
    labels = figs.labels
    L = figs.ledger
    then_year = str(L["homes.comparison_year"].value)
    now_year = str(L["homes.period_year"].value)
    state_then = str(L["homes.state.year_ago.year"].value)
    sif_now, sif_then = labels["sif_date"], _date(figs, "sif.previous_published_by")
    out = {
        "sif_oe": {sif_now: _profile("sif.oe"), sif_then: _profile("sif.previous.oe")},
        "sif_adoption": {sif_now: _profile("sif.adoption"), sif_then: _profile("sif.previous.adoption")},
        "sif_care_leavers": {sif_now: _profile("sif.care_leavers"), sif_then: _profile("sif.previous.care_leavers")},
        "sif_key_judgements": {L[f"sif.{k}.name"].value[0].upper() + L[f"sif.{k}.name"].value[1:]: _profile(f"sif.{k}")
                               for k in ("oe", "hp", "cla", "lmg")},
        "sif_oe_by_region": {**{r: _profile(f"sif.region.{k}") for r, k in REGION_KEYS.items()},
                             "England": _profile("sif.oe")},
        "cin_by_sif_oe_by_region": {r: {"Inadequate": f"sif.cin.{k}.inadequate"} for r, k in REGION_KEYS.items()}
        | {"England": {"Inadequate": "sif.cin.england.inadequate"}},
        "cp_to_hp_change": {before: {after: f"previous.cp.{PREVIOUS_KEYS[before]}_to_{k}" for after, k in GRADE_KEYS.items()}
                            for before in PREVIOUS_KEYS},
        "lac_to_cla_change": {before: {after: f"previous.lac.{PREVIOUS_KEYS[before]}_to_{k}" for after, k in GRADE_KEYS.items()}
                              for before in PREVIOUS_KEYS},
        "lscb_by_hp": {f"LSCB {g.lower()}": {hp: f"lscb.{k}.hp.{hk}" for hp, hk in GRADE_KEYS.items()}
                       for g, k in GRADE_KEYS.items()},
        # The earlier period's bar first, then the period's.
        "homes_oe_period": dict(zip(figs.charts["homes_oe_period"]["group"].unique(),
                                    (_profile("homes.comparison.oe"), _profile("homes.oe")))),
        "homes_oe_by_subtype": {s: _profile(f"homes.sub_type.{k}.oe") for s, k in SUB_TYPE_KEYS.items()},
        "homes_oe_by_sector": {f"{s}, {y}": _profile(f"homes.{'comparison.' if y == then_year else ''}sector.{k}")
                               for s, k in SECTOR_KEYS.items() for y in (then_year, now_year)},
        "homes_oe_by_region": {f"{r}, {y}": _profile(f"homes.region.{k}.{'comparison.' if y == then_year else ''}oe")
                               for r, k in REGION_KEYS.items() for y in (then_year, now_year)},
        "homes_prev_good_by_region": {r: {"Remained good or better": f"homes.region.{k}.prev_good.remained"}
                                      for r, k in REGION_KEYS.items()}
        | {"England": {"Remained good or better": "homes.prev_good.remained"}},
        "homes_prev_ri_by_region": {r: {"Improved to good or better": f"homes.region.{k}.prev_ri.improved"}
                                    for r, k in REGION_KEYS.items()}
        | {"England": {"Improved to good or better": "homes.prev_ri.improved"}},
        "homes_interim": {"Interim inspections": {o: f"homes.interim.{o.lower().replace(' ', '_')}"
                                                  for o in j.INTERIM_OUTCOMES}},
        "homes_state_of_nation": {_date(figs, f"homes.state.{role}.date"): _profile(f"homes.state.{role}")
                                  for role in ("now", "before", "year_ago")},
        "homes_state_of_nation_by_region": {
            f"{r}, {y}": {g: f"homes.state.region.{k}.{'then' if y == state_then else 'now'}"
                          for g in (j.OUTSTANDING, j.GOOD)}
            for r, k in REGION_KEYS.items() for y in (state_then, str(int(state_then) + 1))},
    }
    return out


def _date(figs, key):
    d = figs.ledger[key].value
    return f"{d.day} {d:%B %Y}"


def test_every_chart_is_checked(figs):
    assert set(expected(figs)) | {"homes_change"} == {s.key for s in SPECS}


@pytest.mark.parametrize("chart", [s.key for s in SPECS if s.key != "homes_change"])
def test_every_bar_of_the_chart_shows_the_ledgers_figures(figs, downloads, chart):
    plotted = downloads[chart]
    wanted = expected(figs)[chart]
    assert set(plotted) == set(wanted), f"{chart}: bars {sorted(plotted)} but the ledger has {sorted(wanted)}"
    L = figs.ledger
    for bar, categories in wanted.items():
        by_key = {}
        for category, key in categories.items():
            by_key.setdefault(key, []).append(category)
        for key, cats in by_key.items():
            fig = L[key]
            count = getattr(fig, "count_value", fig.value)
            shown = sum(plotted[bar][c] for c in cats)
            assert shown == count, f"{chart}, {bar}, {' + '.join(cats)}: chart shows {shown}, ledger {key} = {count}"


def test_change_chart_adds_up_to_the_change_figures(figs, downloads):
    """Chart 12 splits the compared inspections by their judgement; its
    improved, stayed and declined add up to the figures the text quotes."""
    plotted = downloads["homes_change"]
    L = figs.ledger
    for category, key in ((j.IMPROVED, "improved"), (j.STAYED_THE_SAME, "stayed_the_same"), (j.DECLINED, "declined")):
        assert sum(bar[category] for bar in plotted.values()) == L[f"homes.change.{key}"].count_value
    assert plotted[j.INADEQUATE][j.DECLINED] == L["homes.change.inadequate_declined"].count_value
    assert sum(sum(bar.values()) for bar in plotted.values()) == L["homes.change.compared"].value
