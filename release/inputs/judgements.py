"""The published vocabulary of inspection judgements, in reporting order.

Every file, figure, chart and map uses these words and this order, so a
judgement is spelt one way and coloured one way throughout the release.
"""

OUTSTANDING = "Outstanding"
GOOD = "Good"
REQUIRES_IMPROVEMENT = "Requires improvement to be good"
INADEQUATE = "Inadequate"
NOT_JUDGED = "Not judged"
NOT_YET_INSPECTED = "Not yet inspected"
#: An LA inspected within the reporting window whose report was not
#: published by the cut-off: inspected, so never "not yet inspected", and
#: not counted, so never given a judgement (maps, tables).
INSPECTED_NOT_PUBLISHED = "Inspected, not yet published"

#: The four grades of the single inspection framework (SIF), LSCB reviews
#: and children's homes full inspections, best first.
GRADES = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)

#: Grades a record may carry: the four grades, or no judgement made
#: (City of London and the Isles of Scilly in some areas; homes with no
#: children present).
RECORDED_GRADES = GRADES + (NOT_JUDGED,)

#: "Good or better" is the headline measure throughout the release. In the
#: grades' order, not a set: a claim names the categories it reads (its
#: ``focus``) in this order, and a set's order changes from one process to
#: the next (string hashes are randomised).
GOOD_OR_BETTER = (OUTSTANDING, GOOD)

#: Grades of the frameworks before the SIF (Child Protection 2012-13,
#: Looked After Children 2009-12). "Adequate" is treated as the
#: counterpart of "Requires improvement to be good" when comparing.
ADEQUATE = "Adequate"
PREVIOUS_GRADES = (OUTSTANDING, GOOD, ADEQUATE, INADEQUATE)

#: Interim inspections of children's homes judge the direction of travel
#: since the last full inspection.
IMPROVED_EFFECTIVENESS = "Improved effectiveness"
SUSTAINED_EFFECTIVENESS = "Sustained effectiveness"
DECLINED_EFFECTIVENESS = "Declined in effectiveness"
INTERIM_OUTCOMES = (IMPROVED_EFFECTIVENESS, SUSTAINED_EFFECTIVENESS, DECLINED_EFFECTIVENESS)
RECORDED_INTERIM_OUTCOMES = INTERIM_OUTCOMES + (NOT_JUDGED,)

#: Direction of change between two inspections of the same provider.
IMPROVED = "Improved"
STAYED_THE_SAME = "Stayed the same"
DECLINED = "Declined"
CHANGES = (IMPROVED, STAYED_THE_SAME, DECLINED)

#: Rank of each grade, 1 best; Adequate ranks with Requires improvement.
RANK = {OUTSTANDING: 1, GOOD: 2, REQUIRES_IMPROVEMENT: 3, ADEQUATE: 3, INADEQUATE: 4}


def change(previous: str, current: str) -> str:
    """Direction of change from ``previous`` to ``current`` grade."""
    step = RANK[previous] - RANK[current]
    if step > 0:
        return IMPROVED
    if step < 0:
        return DECLINED
    return STAYED_THE_SAME


def grades_moved(previous: str, current: str) -> int:
    """How many grades a judgement moved, whatever the direction."""
    return abs(RANK[previous] - RANK[current])


REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

#: The release groups regions into three broad areas.
AREAS = {
    "North East": "north",
    "North West": "north",
    "Yorkshire and The Humber": "north",
    "East Midlands": "midlands",
    "West Midlands": "midlands",
    "East of England": "south",
    "London": "south",
    "South East": "south",
    "South West": "south",
}

LA_TYPES = ("London borough", "Metropolitan district", "Shire county", "Unitary authority")

SUB_TYPES = ("Children's home", "Residential special school", "Secure children's home")

SECTORS = ("Local authority", "Private", "Voluntary", "Health authority")

HOME_EVENT_TYPES = ("Full", "Interim", "Monitoring", "Emergency")

CLOSURE_REASONS = ("Resigned", "Cancelled")

PREVIOUS_FRAMEWORKS = ("Child Protection", "Looked After Children")


#: The SIF's judgement areas as tables head them, in the published column
#: order: (source column, heading).
SIF_JUDGEMENT_HEADINGS = (
    ("overall_effectiveness", "Overall effectiveness"),
    ("help_and_protection", "Children who need help and protection"),
    ("looked_after", "Children looked after and achieving permanence"),
    ("adoption", "Adoption performance"),
    ("care_leavers", "Experiences and progress of care leavers"),
    ("leadership", "Leadership, management and governance"),
)

#: How the release names homes by who runs them.
RUN_BY = {"Local authority": "local authority-run", "Private": "privately-run",
          "Voluntary": "voluntary-run", "Health authority": "health authority-run"}
RUN_BY_SHORT = {**RUN_BY, "Local authority": "LA-run"}


def run_by(sector, short: bool = False) -> str:
    """"Private" -> "privately-run", "Local authority" -> "local authority-run"
    (or, ``short``, "LA-run", as the release writes it in lists)."""
    return (RUN_BY_SHORT if short else RUN_BY)[str(sector)]
