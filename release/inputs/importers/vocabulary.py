"""The words Ofsted's published files use, year by year, mapped to the data
contract's words (release/inputs/judgements.py).

Every table is explicit: a word not in the table for its file is refused
(file, row, column named), never guessed. Where a word was valid only under
one framework (``Adequate`` and ``Satisfactory`` for children's homes before
the framework of April 2015), the table says until when.
"""

import datetime as dt

from .. import judgements as j

RI = j.REQUIRES_IMPROVEMENT

#: Judgements of the LA table (Ofsted's 2023 underlying data, tables 10-11).
#: " -" is Ofsted's mark for a judgement not made (City of London, Isles of
#: Scilly, whose looked-after children are too few to judge).
SIF_GRADES = {
    "Outstanding": "Outstanding",
    "Good": "Good",
    "Requires improvement to be good": RI,
    "Inadequate": "Inadequate",
    " -": "Not judged",
}

#: The earlier frameworks (SLAC 2009-12, CPI 2012-13): the 2023 table gives
#: their third grade under the SIF's name; under those frameworks it was
#: "Adequate" (data/README.md: an earlier "Adequate" is the SIF's
#: "Requires improvement to be good").
EARLIER_GRADES = {
    "Outstanding": "Outstanding",
    "Good": "Good",
    "Requires improvement to be good": "Adequate",
    "Inadequate": "Inadequate",
}

#: Provision types that are children's homes in the release, by the
#: contract's sub type. Every other provision type in the files is another
#: kind of provider, left out by name (OTHER_PROVISION).
SUB_TYPES = {
    "Children's home": "Children's home",
    "Children's Home": "Children's home",
    "Residential special school (registered as a children's home)": "Residential special school",
    "Residential special school (>295 days/year)": "Residential special school",
    "Secure children's home": "Secure children's home",
    "Secure Children's Home": "Secure children's home",
}
OTHER_PROVISION = {
    "Residential Special School", "Independent Fostering Agency", "Independent Fostering agency",
    "Independent Fostering Provider", "Boarding School", "Adoption Support Agency",
    "Voluntary Adoption Agency", "Further Education College with Residential Accommodation",
    "Further Education College", "Residential Family Centre", "Secure Training Centre",
    "Secure training centre", "Residential Holiday Scheme for Disabled Children", "CAFCASS",
}

SECTORS = {
    "Local authority": "Local authority", "Local Authority": "Local authority",
    "Private": "Private", "Voluntary": "Voluntary",
    "Health authority": "Health authority", "Health Authority": "Health authority",
}

#: Event types, as each year's files spell them.
EVENT_TYPES = {
    "Full inspection": "Full", "Full Inspection": "Full",
    "SC Interim": "Interim", "Interim inspection": "Interim",
    "SC Monitoring Inspection": "Monitoring", "Monitoring inspection": "Monitoring",
    "SC – Emergency inspection": "Emergency",
}

#: Full inspections' overall effectiveness: word -> (contract word, last
#: inspection date it is valid for, or None for any date).
HOME_GRADES = {
    "Outstanding": ("Outstanding", None),
    "Good": ("Good", None),
    "Requires improvement": (RI, None),
    "Requires Improvement": (RI, None),
    "Requires improvement to be good": (RI, None),
    "Inadequate": ("Inadequate", None),
    "Not judged": ("Not judged", None),
    "Not Judged": ("Not judged", None),
    # The frameworks before April 2015 (adequate), and before April 2012
    # (satisfactory): the third of four grades, the contract's RI.
    "Adequate": (RI, dt.date(2015, 3, 31)),
    "Satisfactory": (RI, dt.date(2012, 3, 31)),
}

INTERIM_OUTCOMES = {
    "Improved effectiveness": "Improved effectiveness", "Improved Effectiveness": "Improved effectiveness",
    "Sustained effectiveness": "Sustained effectiveness", "Sustained Effectiveness": "Sustained effectiveness",
    "Declined in effectiveness": "Declined in effectiveness",
    "Declined in Effectiveness": "Declined in effectiveness",
    "Not judged": "Not judged", "Not Judged": "Not judged",
}

#: What a monitoring or emergency visit may record: the contract keeps no
#: outcome for them, but a word outside this list is still refused.
VISIT_OUTCOMES = {"", "Good Progress", "NMS Not Met", "Not judged", "Not Judged",
                  "Inadequate progress", "Satisfactory progress"}

CLOSURE_REASONS = {"Resigned": "Resigned", "Cancelled": "Cancelled"}

#: DfE's symbols for a count not given, as GSS symbols (data/README.md).
SUPPRESSED = {"c": "[c]", "x": "[x]", "": "[x]"}
