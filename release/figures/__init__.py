"""Every figure of the release, computed from the validated tables.

Each figure is one named value in the ledger (``release.ledger``) with a
definition that says what it counts, over which records and which period.
Charts and maps get tidy tables from here too, so a chart and the sentence
about it can never disagree.
"""

from dataclasses import dataclass, field

import pandas as pd

from ..inputs.config import Release
from ..ledger import Ledger
from ..inputs.validate import Tables
from . import context, homes, key_points, lscb, materiality, previous, revisions, sif
from .revisions import Previous
from ..periods import day as _day


@dataclass
class Figures:
    ledger: Ledger
    #: Tidy tables for charts, by chart key: group, category, count, percent.
    charts: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Tables for maps, by map key.
    maps: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Rows of figures for sentences repeated per item (e.g. notable changes).
    lists: dict[str, list] = field(default_factory=dict)
    #: Tables published as downloads beside the bulletin (e.g. the revised period).
    downloads: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Dates and periods as chart and map titles write them ("{homes_period}").
    labels: dict[str, str] = field(default_factory=dict)
    #: Superlatives the text states about the chart beside it
    #: (``findings.Claim``), checked against the charts by ``release.review.qa``.
    claims: list = field(default_factory=list)
    #: Each LA's latest SIF inspection at the cut-off, and at the previous
    #: release's (``sif.compute``), for the LSCB, previous-framework and open
    #: data figures.
    sif_now: pd.DataFrame | None = None
    sif_before: pd.DataFrame | None = None
    #: The homes open at each of ``rel.state_dates`` with their latest
    #: judgement (``homes.compute``), for the revisions' reasons and the open data.
    homes_states: list | None = None
    #: Children's homes' full inspections in the period and in the same
    #: period a year earlier (``homes.in_period``), by "period" and
    #: "comparison", for the open data.
    homes_periods: dict | None = None


def compute(tables: Tables, rel: Release, earlier: Previous | None = None) -> Figures:
    """Every figure of the release. ``earlier``: the previous release as
    published, where its folder is in the series, to check restated figures
    against."""
    figs = Figures(Ledger(), labels=labels(rel))
    materiality.add_thresholds(figs.ledger)
    context.compute(tables, rel, figs)
    sif.compute(tables, rel, figs)
    lscb.compute(tables, rel, figs)
    previous.compute(tables, rel, figs)
    homes.compute(tables, rel, figs)
    revisions.compute(tables, rel, figs, earlier)
    key_points.compute(tables, rel, figs, earlier)
    return figs



def labels(rel: Release) -> dict[str, str]:
    """The periods of the release as titles write them."""
    return {
        "sif_span": f"{rel.sif_framework_start:%B %Y} to {rel.sif_inspected_to:%B %Y}",
        "sif_date": _day(rel.sif_inspected_to),
        "sif_published_by": _day(rel.sif_published_by),
        "homes_period": rel.period.long,
        "state_date": _day(rel.state_dates[-1].date),
        # Both periods, for a table whose rows carry the earlier one too.
        "homes_periods": f"{rel.comparison.long} and {rel.period.long}",
        "cin_date": _day(rel.cin_date),
    }
