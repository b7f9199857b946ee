"""The nineteen charts of the release: what each shows and how it is read.

A spec holds no numbers. Its data comes from the figures module (a tidy
table: group, category, count, percent), so a chart and the sentence about
it can never disagree. Titles are format strings filled from the release
metadata (``{sif_span}``, ``{homes_period}``, ``{state_date}``), so a new
release gets new titles without editing this file.

Charts are numbered on the page in the order the templates place them; the
order here is only the order they are drawn in.
"""

from dataclasses import dataclass

from release.inputs import judgements as j


@dataclass(frozen=True)
class ChartSpec:
    """One chart.

    ``unit`` names what is counted ("local authorities", "inspections");
    ``group_label`` heads the first column of its data table; ``focus`` are
    the categories the alt text sums up (e.g. good or better) under
    ``focus_label``; ``notes`` are printed under the chart.

    A bar whose label joins two variables ("Private, 2016-17") names them in
    ``columns`` ("Sector", "Period"): its data tables (HTML, CSV and the
    spreadsheets) give each variable a column of its own.
    """

    key: str
    title: str
    unit: str
    group_label: str
    focus: tuple = j.GOOD_OR_BETTER
    focus_label: str = "good or better"
    notes: tuple = ()
    source: str = "Source: Ofsted"
    columns: tuple = ()
    #: The data table's caption where its rows carry more periods or dates
    #: than the chart's title names (issue 23: a title names every period in
    #: its rows); "" for the chart's title.
    table_title: str = ""

    @property
    def headings(self) -> tuple:
        """The columns that name a bar in its data table."""
        return self.columns or (self.group_label,)

    def parts(self, group: str) -> dict:
        """A bar's label as its table's columns: "Private, 2016-17" ->
        {"Sector": "Private", "Period": "2016-17"}."""
        if not self.columns:
            return {self.group_label: group}
        head, tail = str(group).rsplit(", ", 1)
        return dict(zip(self.columns, (head, tail)))

    def bar(self, row) -> str:
        """The bar a table row is of (the inverse of ``parts``)."""
        return ", ".join(str(row[c]) for c in self.headings)


GOOD = j.GOOD_OR_BETTER
#: In-period homes charts show inspections with no judgement as a category of
#: their own: the text's percentages are of all inspections, and so are the bars'.
NOT_JUDGED_SHOWN = ("Inspections with no judgement (no children present) are counted as not judged; "
                    "percentages are of all inspections.",)

SPECS = [
    ChartSpec("sif_oe", "SIF overall effectiveness from {sif_span}", "local authorities", "Position at"),
    ChartSpec("sif_key_judgements", "SIF key judgements from {sif_span}", "local authorities", "Judgement"),
    ChartSpec("sif_adoption", "SIF adoption performance sub-judgement from {sif_span}", "local authorities",
              "Position at"),
    ChartSpec("sif_care_leavers", "SIF experiences and progress of care leavers sub-judgement from {sif_span}",
              "local authorities", "Position at"),
    ChartSpec("sif_oe_by_region", "SIF overall effectiveness judgements, by region", "local authorities", "Region"),
    ChartSpec("cin_by_sif_oe_by_region", "Percentage of children in need by SIF overall effectiveness judgement",
              "children in need", "Region",
              notes=("Children in need at 31 March, by the judgement of the local authority they live in.",),
              source="Source: Department for Education (children in need); Ofsted (SIF judgements)"),
    ChartSpec("cp_to_hp_change",
              "Children who need help and protection judgements, change from previous inspection judgement",
              "local authorities", "Previous child protection judgement",
              notes=("Bars are local authorities by their judgement under the previous framework; "
                     "colours are their SIF judgement.",)),
    ChartSpec("lac_to_cla_change",
              "Children looked after and achieving permanence judgements, change from previous inspection judgement",
              "local authorities", "Previous looked after children judgement",
              notes=("Bars are local authorities by their judgement under the previous framework; "
                     "colours are their SIF judgement.",)),
    ChartSpec("lscb_by_hp", "LSCB overall effectiveness and SIF Children in need of help and protection judgements",
              "local authorities", "LSCB judgement",
              notes=("Colours are the SIF judgement for children who need help and protection.",)),
    ChartSpec("homes_oe_period", "Children’s homes overall effectiveness judgements {homes_period}", "inspections",
              "Period", notes=NOT_JUDGED_SHOWN,
              table_title="Children’s homes overall effectiveness judgements, {homes_periods}"),
    ChartSpec("homes_oe_by_subtype",
              "Children’s homes overall effectiveness judgements {homes_period}, by sub types of homes",
              "inspections", "Sub type", notes=NOT_JUDGED_SHOWN),
    ChartSpec("homes_change", "Change to overall effectiveness judgement compared to previous inspection",
              "inspections", "Judgement in the period", focus=(j.IMPROVED,), focus_label="improved",
              notes=("Bars are inspections in the period by their judgement; colours show the change from the "
                     "home's last judgement before the period.",
                     "A home inspected twice is compared at its first inspection.")),
    ChartSpec("homes_oe_by_sector", "Children’s homes overall effectiveness {homes_period}, by sector", "inspections",
              "Sector", columns=("Sector", "Period"),
              notes=("Health authority homes are included in England figures only.",) + NOT_JUDGED_SHOWN,
              table_title="Children’s homes overall effectiveness, by sector, {homes_periods}"),
    ChartSpec("homes_oe_by_region", "Children’s homes overall effectiveness {homes_period}, by region", "inspections",
              "Region", columns=("Region", "Period"), notes=NOT_JUDGED_SHOWN,
              table_title="Children’s homes overall effectiveness, by region, {homes_periods}"),
    ChartSpec("homes_prev_good_by_region",
              "Change for children’s homes previously judged good or better for overall effectiveness, by region",
              "homes", "Region", focus=("Remained good or better",), focus_label="remained good or better"),
    ChartSpec("homes_prev_ri_by_region",
              "Change for children’s homes previously judged requires improvement to be good or lower for "
              "overall effectiveness, by region",
              "homes", "Region", focus=("Improved to good or better",), focus_label="improved to good or better"),
    ChartSpec("homes_interim", "Children’s homes interim inspection judgements {homes_period}", "interim inspections",
              "Inspections", focus=(j.IMPROVED_EFFECTIVENESS, j.SUSTAINED_EFFECTIVENESS),
              focus_label="improved or sustained effectiveness",
              notes=("Interim inspections with no judgement are not shown.",)),
    ChartSpec("homes_state_of_nation", "Children’s homes latest overall effectiveness judgement, as at {state_date}",
              "homes", "Date", notes=("Each home's most recent full inspection, not necessarily from the last year.",)),
    ChartSpec("homes_state_of_nation_by_region",
              "Children’s homes latest overall effectiveness inspection judgement, as at {state_date}, by region",
              "homes", "Region", columns=("Region", "Year")),
]
