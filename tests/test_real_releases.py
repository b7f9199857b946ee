"""The real releases (data/real-*, imported from Ofsted's and DfE's
published files) reconcile with what Ofsted published, and the real
2016-09 SIF position is the published one (their builds, attribution and
absence of the sample notice: test_release_series.py).

Reconciliation (release/outputs/reconciliation.py): each figure the
published release printed (data/sources/ofsted-public/published/<id>.csv)
beside the figure built from the public files. A figure that differs must
name its cause and the figure explained (``built``, ``cause`` in that file):
a new difference, or an explained one that moves, fails here until it is
explained there.
"""

import csv

import pytest

from bulletin_text import release_figures
from conftest import ROOT
from release.outputs import reconciliation

DATA = ROOT / "data"
REAL = sorted(p.name for p in DATA.glob("real-*") if (p / "release.toml").exists())
PUBLISHED = ROOT / "tests" / "published"


def ledger_of(release_id):
    """The ledger of the release folder ``data/<release_id>``, computed as
    the build computes it, once a process (bulletin_text.release_figures:
    read only)."""
    return release_figures(DATA / release_id)[1].ledger


@pytest.fixture(scope="module", params=REAL)
def reconciled(request):
    folder = DATA / request.param
    ledger = ledger_of(request.param)
    return request.param, ledger, reconciliation.reconcile(reconciliation.read_published(folder), ledger)


def test_every_published_figure_is_equal_or_explained(reconciled):
    release_id, _, lines = reconciled
    assert lines, f"{release_id}: no published figures to reconcile"
    unexplained = [f"{ln.key}: published {ln.published}, built {ln.built!r} ({ln.difference}), cause {ln.cause!r}"
                   for ln in lines if ln.status == "unexplained"]
    assert not unexplained, f"{release_id}: " + "; ".join(unexplained)
    for ln in lines:
        if ln.status == "explained":
            assert ln.cause in reconciliation.CAUSES


def test_an_explained_difference_is_still_a_difference(reconciled):
    """A cause left on a figure that now equals the published one is stale:
    the importer's published file keeps built and cause only for differences."""
    release_id, ledger, _ = reconciled
    for row in reconciliation.read_published(DATA / release_id):
        if row["cause"]:
            _, same, _ = reconciliation.built_form(row["published"], reconciliation.figure(ledger, row["key"]))
            assert not same, f"{release_id}: {row['key']} equals the published figure; remove its cause"


def test_the_real_2016_09_sif_position_is_the_published_one():
    ledger = ledger_of("real-2016-09")
    assert (ledger["sif.oe.good_or_better"].base_value, ledger["sif.oe.good_or_better"].value,
            ledger["sif.oe.inadequate"].value) == (109, 28, 23)


def test_the_real_2016_09_reconciles_every_figure_of_the_sample_tests():
    """Every figure tests/published/ holds for the 2016-09 bulletin is in the
    real release's reconciliation, with the published value unchanged."""
    wanted = []
    for name in ("la_figures.csv", "homes_figures.csv"):
        with (PUBLISHED / name).open(encoding="utf-8") as f:
            wanted += [(r["key"], r["published"]) for r in csv.DictReader(f)]
    have = [(r["key"], r["published"]) for r in reconciliation.read_published(DATA / "real-2016-09")]
    assert have == wanted


# The build of each real release (HTML) is tested in test_release_series.py,
# which builds every release folder once: its attribution, the absence of the
# sample notice and the reconciliation files are checked there.


def test_homes_at_31_march_2016_agree_with_ofsteds_own_file_of_that_date():
    """An independent count: Ofsted's file of every active provider at 31
    March 2016 with its latest full inspection, read with plain pandas (78.7%
    of 1,981 children's homes good or better), beside the real 2016-03
    release's state of the nation, which the build computes from the
    inspection events. They differ by the few homes whose latest inspection
    late in March is, by the publication-date rule, published after the
    data were taken (30 April 2016): the percentage agrees, rounded."""
    import pandas as pd

    path = ROOT / "data" / "sources" / "ofsted-public" / "providers_at_31_march" / "provider_at_march_2016.csv"
    frame = pd.read_csv(path, skiprows=1, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    homes = frame[frame["Provision type"].isin([
        "Children's home", "Children's Home", "Residential special school (registered as a children's home)",
        "Secure children's home"])]
    good = homes["Overall effectiveness"].isin(["Outstanding", "Good"]).sum()
    state = ledger_of("real-2016-03")["homes.state.now.good_or_better"]
    assert abs(state.base_value - len(homes)) <= 5, (state.base_value, len(homes))
    assert state.value == int(100 * good / len(homes) + 0.5)


def test_reconciliation_on_constructed_figures():
    """Equal, explained (the cause named and the figure explained unchanged)
    and unexplained (a new difference, a moved one, an unknown cause)."""
    from release.ledger import Ledger

    L = Ledger()
    L.share("sif.oe.good_or_better", 30, 109, "LAs judged good or better")
    L.add("homes.inspections", 1198, "inspections in the period")
    L.add("sif.regions.first_good", "South West", "region")
    rows = [
        {"key": "sif.oe.good_or_better", "published": "28", "sentence": "", "built": "", "cause": ""},
        {"key": "sif.oe.good_or_better.count", "published": "30", "sentence": "", "built": "", "cause": ""},
        {"key": "sif.regions.first_good", "published": "the South West", "sentence": "", "built": "", "cause": ""},
        {"key": "homes.inspections", "published": "1196", "sentence": "", "built": "1198",
         "cause": "publication_dates"},
        {"key": "homes.inspections", "published": "1196", "sentence": "", "built": "1197",
         "cause": "publication_dates"},
        {"key": "homes.inspections", "published": "1196", "sentence": "", "built": "1198", "cause": "luck"},
        {"key": "homes.inspections", "published": "1198", "sentence": "", "built": "", "cause": ""},
        {"key": "homes.unknown", "published": "5", "sentence": "", "built": "", "cause": ""},
    ]
    lines = reconciliation.reconcile(rows, L)
    assert [ln.status for ln in lines] == ["equal", "equal", "equal", "explained", "unexplained", "unexplained",
                                           "equal", "unexplained"]
    assert lines[3].difference == "+2"
    assert "UNEXPLAINED homes.unknown" in reconciliation.summary(lines)
