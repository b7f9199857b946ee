"""The four maps of the release: what each shows and how it is worded.

Kept apart from the drawing code (``charts/maps.py``) so that the build can
list the maps, and find them in its cache, without importing matplotlib.
"""

from dataclasses import dataclass

SOURCE = "Source: Ofsted"


@dataclass(frozen=True)
class MapSpec:
    """One map.

    ``title`` is a format string (``{sif_date}``, ``{homes_period}``) that
    the caller fills before drawing. ``kind`` is "la" (one judgement per LA)
    or "region" (a percentage per region). ``unit``, ``event`` and ``verb``
    word the alt text of LA maps ("local authorities" ... "had a SIF
    inspection published" ... "had been inspected, but its report was not
    published"): a count of published reports is never called "inspected";
    ``measure`` words that of region maps. ``value_label`` heads the value column of the
    data table.
    """

    key: str
    title: str
    kind: str
    legend_title: str
    value_label: str
    unit: str = "local authorities"
    event: str = "a SIF inspection"
    verb: str = "inspected"
    measure: str = ""
    source: str = SOURCE


SPECS = [
    MapSpec(
        key="la_sif_oe",
        title="SIF inspection overall effectiveness judgements from {sif_span}, published by {sif_published_by}",
        kind="la",
        legend_title="Overall effectiveness (number of LAs)",
        value_label="Judgement",
    ),
    MapSpec(
        key="la_lscb",
        title="Overall effectiveness judgements for LSCB reviews from {sif_span}, published by {sif_published_by}",
        kind="la",
        legend_title="LSCB overall effectiveness (number of LAs)",
        value_label="Judgement",
        unit="Local Safeguarding Children Boards",
        event="a review",
        verb="reviewed",
    ),
    MapSpec(
        key="region_homes_la_good",
        title="Inspections of LA-run children’s homes resulting in a good or better overall effectiveness "
              "judgement, by region, {homes_period}",
        kind="region",
        legend_title="Inspections judged good or better",
        value_label="Good or better",
        measure="inspections of LA-run children’s homes",
    ),
    MapSpec(
        key="region_homes_pv_good",
        title="Inspections of private and voluntary-run children’s homes resulting in a good or better "
              "overall effectiveness judgement, by region, {homes_period}",
        kind="region",
        legend_title="Inspections judged good or better",
        value_label="Good or better",
        measure="inspections of private and voluntary-run children’s homes",
    ),
]
