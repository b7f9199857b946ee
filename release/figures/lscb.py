"""Reviews of Local Safeguarding Children Boards (LSCBs), done alongside
the SIF inspection and counted with the same position rule."""

import pandas as pd

from ..inputs import judgements as j
from .common import KEY, add_profile, count_in, profile, split, tidy


def compute(tables, rel, figs) -> None:
    L = figs.ledger
    # The columns read here, picked first: picking rows costs pandas about
    # as much for each column of the frame.
    now = figs.sif_now[COLUMNS]
    reviewed = now[now["lscb_overall_effectiveness"] != ""]
    n = len(reviewed)
    L.add("lscb.reviews", n, "LSCB reviews published by the reporting date (one per LA, latest)")
    L.add("lscb.reviewed_unpublished", len(_reviewed_unpublished(tables, rel, set(reviewed["la_code"].tolist()))),
          "LSCBs reviewed by the end of the reporting window with no review counted, because the report was not "
          "published by the reporting date")
    add_profile(L, "lscb", profile(reviewed["lscb_overall_effectiveness"], j.GRADES), n, "LSCBs",
                how=" at the review with the LA's latest SIF inspection published",
                of="the LSCBs reviewed, one per LA with a SIF inspection published by the reporting date (LSCBs not "
                   "yet reviewed are left out)")
    by_grade = split(reviewed, "lscb_overall_effectiveness", j.GRADES,
                     ("la_name", "overall_effectiveness", "help_and_protection"))
    for grade, sel in by_grade.items():
        k = f"lscb.{KEY[grade]}"
        L.add(f"{k}.names", list(sel["la_name"]), f"LAs whose LSCB was judged {grade.lower()}")
        for sif_grade, count in profile(sel["overall_effectiveness"], j.GRADES).items():
            L.share(f"{k}.sif.{KEY[sif_grade]}", count, len(sel),
                    f"LSCBs in LAs judged {sif_grade.lower()} for overall effectiveness under the SIF, of the "
                    f"LSCBs judged {grade.lower()}")
        sif_grades = sorted(set(sel["overall_effectiveness"]), key=j.GRADES.index)
        L.add(f"{k}.sif_grades", [g.lower() for g in sif_grades], "SIF judgements of those LAs")
        L.add(f"{k}.single_sif_grade", len(sif_grades) == 1, "Those LAs all have the same SIF judgement")
        L.share(f"{k}.sif_good_or_better", count_in(sel["overall_effectiveness"], j.GOOD_OR_BETTER), len(sel),
                f"LSCBs in LAs judged good or better for overall effectiveness under the SIF, of the LSCBs judged "
                f"{grade.lower()}")
        hp_names = list(zip(sel["help_and_protection"], sel["la_name"]))
        for hp_grade, count in profile(sel["help_and_protection"], j.GRADES).items():
            L.share(f"{k}.hp.{KEY[hp_grade]}", count, len(sel),
                    f"LSCBs in LAs judged {hp_grade.lower()} for help and protection under the SIF, of the LSCBs "
                    f"judged {grade.lower()}")
            L.add(f"{k}.hp.{KEY[hp_grade]}.names", [name for hp, name in hp_names if hp == hp_grade], "Those LAs")
    before = figs.sif_before[COLUMNS]
    before_reviewed = before[before["lscb_overall_effectiveness"] != ""]
    outstanding_before = int((before_reviewed["lscb_overall_effectiveness"] == j.OUTSTANDING).sum())
    L.add("lscb.previous.outstanding", outstanding_before, "LSCBs judged outstanding at the previous cut-off")
    L.add("lscb.outstanding.first_time", outstanding_before == 0 and L["lscb.outstanding"].count_value > 0,
          "LSCBs are judged outstanding now and none were at the previous cut-off")
    _lists(L, reviewed, before_reviewed, before)
    inadequate_hp = L["lscb.inadequate.hp.inadequate"]
    good_hp_inadequate = L["lscb.good.hp.inadequate"]
    L.add("lscb.similar_to_hp", inadequate_hp.exact > 0.5 and good_hp_inadequate.exact <= 0.1,
          "LSCB judgements follow help and protection: most inadequate LSCBs are in LAs inadequate for it, "
          "and at most one in ten good LSCBs")
    matched = int((reviewed["lscb_overall_effectiveness"] == reviewed["overall_effectiveness"]).sum())
    L.share("lscb.matched_sif", matched, n, "LSCB reviews whose judgement equals the LA's SIF overall effectiveness, of "
            "all LSCB reviews counted")
    figs.charts["lscb_by_hp"] = tidy(
        {f"LSCB {g.lower()}": profile(by_grade[g]["help_and_protection"], j.GRADES) for g in j.GRADES}, j.GRADES)


def _reviewed_unpublished(tables, rel, counted: set) -> set:
    """The LAs whose LSCB was reviewed alongside an inspection that took
    place in the window but was not published by the cut-off: reviewed,
    not yet published, of LAs with no review counted (``counted``: a review
    is never both). Found in plain Python, row by row."""
    sif = tables.sif_inspections
    to, cut = pd.Timestamp(rel.sif_inspected_to), pd.Timestamp(rel.sif_published_by)
    return {code for code, inspected, published, review in zip(
                sif["la_code"].tolist(), sif["inspection_date"].tolist(), sif["publication_date"].tolist(),
                sif["lscb_overall_effectiveness"].tolist())
            if inspected <= to and not published <= cut and isinstance(review, str) and review != ""
            and code not in counted}


#: The columns of a SIF position the LSCB figures read.
COLUMNS = ["la_code", "la_name", "inspection_id", "lscb_overall_effectiveness", "overall_effectiveness",
           "help_and_protection"]

#: The LSCB lists the section names: (key, grade).
LISTS = (("outstanding", j.OUTSTANDING), ("inadequate", j.INADEQUATE))


def _lists(L, reviewed, before_reviewed, before) -> None:
    """Each named list of LSCBs (judged outstanding, judged inadequate) now
    against the position last reported, as ``sif.list.*`` does for LAs:
    ``members``, ``previous_members``, ``stayed``, ``joined`` (a review
    published since: ``joined_first`` for a first review, ``joined_rereviewed``
    for a review that replaced one counted then), ``left`` (``left_rereviewed``:
    a new review gave another judgement; ``left_uncounted``: no review counted
    now), ``changed`` and ``moved`` (anyone joined or left while the list was
    not empty when last reported: the section says who)."""
    counted_before = set(before_reviewed["la_code"].tolist())
    counted_now = set(reviewed["la_code"].tolist())
    names = (dict(zip(before["la_code"].tolist(), before["la_name"].tolist()))
             | dict(zip(reviewed["la_code"].tolist(), reviewed["la_name"].tolist())))
    new_review = set(reviewed.loc[~reviewed["inspection_id"].isin(before_reviewed["inspection_id"]), "la_code"])

    def named(codes):
        return sorted(names[c] for c in codes)
    for key, grade in LISTS:
        members = set(reviewed.loc[reviewed["lscb_overall_effectiveness"] == grade, "la_code"])
        was = set(before_reviewed.loc[before_reviewed["lscb_overall_effectiveness"] == grade, "la_code"])
        joined, left = members - was, was - members
        k = f"lscb.list.{key}"
        what = f"LSCBs judged {grade.lower()}"
        L.add(f"{k}.members", named(members), f"{what} now (by their LA's name)")
        L.add(f"{k}.previous_members", named(was), f"{what} at the position last reported")
        L.add(f"{k}.stayed", named(members & was), f"{what} then and now")
        L.add(f"{k}.joined", named(joined), f"{what} now and not when last reported")
        L.add(f"{k}.joined_first", named(joined - counted_before), "Of those, LSCBs whose first review was published since")
        L.add(f"{k}.joined_rereviewed", named(joined & counted_before),
              "Of those, LSCBs reviewed when last reported whose new review put them on the list")
        L.add(f"{k}.left", named(left), f"{what} when last reported and not now")
        L.add(f"{k}.left_rereviewed", named(left & counted_now & new_review),
              "Of those, LSCBs whose new review, published since, gave another judgement")
        L.add(f"{k}.left_uncounted", named(left - counted_now), "Of those, LSCBs with no review counted now")
        L.add(f"{k}.changed", bool(joined or left), f"The list of {what} changed since last reported")
        L.add(f"{k}.moved", bool(was) and bool(joined or left),
              f"The list of {what} was not empty when last reported, and changed since: the section says who joined and left")
