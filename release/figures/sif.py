"""Local authority children's services under the single inspection
framework (SIF): each LA's latest judgements, now and when last reported.

"Position at a date": each LA's latest SIF inspection (by inspection date)
published by that date. An LA counts once; a re-inspection replaces the
earlier inspection.

Inspected and published are separate facts. An inspection that took place
in the reporting window (``inspected_to``) but whose report was not
published by the cut-off (``published_by``) is not counted: its LA is
"inspected, not yet published", never "not yet inspected", and a count of
LAs with a published inspection is never called the number inspected
(``sif.inspected_unpublished``, ``sif.all_inspected_published``).

Named lists of LAs (inadequate in every judgement, in the three key
judgements, outstanding, good or better, inadequate) are compared with the
position last reported: who joined (a first inspection published since, or
a re-inspection), who left (a re-inspection) and, for every LA re-inspected
since, its judgement from what to what (``sif.list.*``,
``sif.reinspected_since.*``).
"""

from collections import Counter, defaultdict

import pandas as pd

from ..inputs import judgements as j
from ..numbers import percent
from ..ledger import in_prose, join_names
from . import findings
from .common import KEY, add_profile, count_in, profile, slug, split, tidy, with_details
from .materiality import FEW_TO_RANK, GAP_POINTS, base_changed, change, gap, only, opposite, rank
from ..periods import day as _date_label

#: The judgement areas of the SIF, as (column, key, name in the text).
AREAS = (
    ("overall_effectiveness", "oe", "overall effectiveness"),
    ("help_and_protection", "hp", "children who need help and protection"),
    ("looked_after", "cla", "children looked after and achieving permanence"),
    ("leadership", "lmg", "leadership, management and governance"),
    ("adoption", "adoption", "adoption performance"),
    ("care_leavers", "care_leavers", "experiences and progress of care leavers"),
)
KEY_JUDGEMENTS = ("help_and_protection", "looked_after", "leadership")
ALL_JUDGEMENTS = KEY_JUDGEMENTS + ("adoption", "care_leavers")


#: How an LA is counted, for the definitions of the SIF figures: by its
#: latest SIF inspection published by the cut-off (tests/test_definitions.py).
LATEST = "latest SIF inspection published (a re-inspection replaces the earlier judgement)"
#: The base of a SIF share, and who is left out of it.
COUNTED = "the LAs with a SIF inspection published by the reporting date (LAs not yet inspected are left out)"
COUNTED_BEFORE = "the LAs with a SIF inspection published by the previous cut-off (LAs not yet inspected are left out)"


def position(tables, published_by, inspected_to) -> pd.DataFrame:
    """Each LA's latest SIF inspection published by ``published_by``,
    joined to the LA's reference data."""
    sif = tables.sif_inspections
    cut, to = pd.Timestamp(published_by), pd.Timestamp(inspected_to)
    # Each LA's latest such inspection, found in plain Python (an LA has one
    # inspection a day at most: validation), in order of LA code.
    latest = {}
    for row, (la, inspected, published) in enumerate(zip(sif["la_code"].tolist(), sif["inspection_date"].tolist(),
                                                         sif["publication_date"].tolist())):
        if published <= cut and inspected <= to and (la not in latest or inspected > latest[la][0]):
            latest[la] = (inspected, row)
    # In order of LA name (names are unique: validation), sorted here
    # rather than as a frame of every column.
    las = tables.local_authorities
    names = dict(zip(las["la_code"].tolist(), las["la_name"].tolist()))
    if not all(la in names for la in latest):  # an unknown LA: the frame's own sort
        seen = sif.iloc[[latest[la][1] for la in sorted(latest)]]
        return with_details(seen, las, "la_code").sort_values("la_name").reset_index(drop=True)
    return with_details(sif.iloc[[latest[la][1] for la in sorted(latest, key=names.__getitem__)]], las, "la_code")


def unpublished_las(tables, position_frame, published_by, inspected_to) -> pd.DataFrame:
    """LAs inspected by ``inspected_to`` that have no inspection published by
    ``published_by`` (so not in ``position_frame``): inspected, not yet
    published. One row per LA (its first such inspection), with its name."""
    first = _first_unpublished(tables, position_frame, inspected_to)
    waiting = tables.sif_inspections.iloc[[first[la][1] for la in sorted(first)]]
    return with_details(waiting, tables.local_authorities, "la_code").sort_values("la_name")


def _first_unpublished(tables, position_frame, inspected_to) -> dict:
    """For each LA inspected by ``inspected_to`` that is not in
    ``position_frame``, its first such inspection: {LA code: (inspection
    date, row of the SIF records)}. Found in plain Python."""
    sif = tables.sif_inspections
    to, counted = pd.Timestamp(inspected_to), set(position_frame["la_code"].tolist())
    first = {}
    for row, (la, inspected) in enumerate(zip(sif["la_code"].tolist(), sif["inspection_date"].tolist())):
        if inspected <= to and la not in counted and (la not in first or inspected < first[la][0]):
            first[la] = (inspected, row)
    return first


def compute(tables, rel, figs) -> None:
    L = figs.ledger
    now = position(tables, rel.sif_published_by, rel.sif_inspected_to)
    before = position(tables, rel.sif_previous_published_by, rel.sif_inspected_to)
    las = tables.local_authorities
    n, n_before, n_las = len(now), len(before), len(las)
    figs.sif_now, figs.sif_before = now, before  # for LSCB and previous-framework figures

    L.share("sif.inspected", n, n_las, "LAs with a SIF inspection published by the reporting date, of all LAs")
    L.share("sif.previous.inspected", n_before, n_las, "LAs with a SIF inspection published by the previous cut-off, "
            "of all LAs")
    counted = tables.sif_inspections
    counted = counted[counted["publication_date"] <= pd.Timestamp(rel.sif_published_by)]
    L.add("sif.inspections_all", len(counted), "SIF inspections and re-inspections published by the reporting date")
    L.add("sif.more_inspections_than_las", len(counted) > n,
          "More SIF inspections have been published than LAs are counted (some LAs were re-inspected)")
    # LAs inspected in the window with no inspection published by the cut-off.
    waiting = unpublished_las(tables, now, rel.sif_published_by, rel.sif_inspected_to)
    _inspected_and_published(L, tables, rel, now, before, waiting)
    reinspected = now[now["reinspection"] == "Yes"]["la_name"].tolist()
    L.add("sif.reinspected_las", reinspected, "LAs counted by their SIF re-inspection")
    not_judged = [name for name, *judged in zip(now["la_name"].tolist(), *(now[c].tolist() for c in ALL_JUDGEMENTS))
                  if j.NOT_JUDGED in judged]
    L.add("sif.not_judged_in_every_area", not_judged, "LAs not judged in every area")
    vulnerable = ["children_in_need", "children_looked_after", "child_protection_plans"]
    L.share("sif.vulnerable_children_covered", _total(now, vulnerable), _total(las, vulnerable),
            "Children in need, looked after or on a plan, in LAs inspected under the SIF, of all in England")
    L.share("sif.cin_covered", _total(now, ["children_in_need"]), _total(las, ["children_in_need"]),
            "Children in need in LAs inspected under the SIF, of all in England")

    _profiles(L, now, before)
    _profile_change(L)
    _share_changes(L)
    _comparisons_between_areas(L)
    _dropped(L, now, before)
    _inadequate_everywhere(L, now, before)
    _lists(L, figs, now, before)
    _reinspected_since(L, figs, tables, rel, now, before)
    _cross(L, now)
    _regions(L, figs, now, before, las)
    _types(L, figs, now)
    _cin(L, figs, now, las)
    _charts(figs, now, before, rel)
    figs.sif_waiting = set(waiting["la_code"].tolist())  # inspected, not yet published: for tables
    _map(figs, now, las, waiting)


def _total(frame, columns) -> int:
    """The sum of ``columns``' counts, a suppressed (missing) count left out,
    as pandas' sum leaves it out; in plain Python."""
    return sum(int(v) for c in columns for v in frame[c].tolist() if not pd.isna(v))


def _inspected_and_published(L, tables, rel, now, before, waiting) -> None:
    """Inspections that took place against those published, now and at the
    position last reported: "inspected" is said only of what was.
    ``waiting``: the LAs inspected, not yet published (``unpublished_las``)."""
    sif = tables.sif_inspections
    to, cut = pd.Timestamp(rel.sif_inspected_to), pd.Timestamp(rel.sif_published_by)
    # The publication date of each inspection that took place by the end of the window, published or not.
    done = [published for inspected, published in zip(sif["inspection_date"].tolist(), sif["publication_date"].tolist())
            if inspected <= to]
    L.add("sif.inspections_taken_place", len(done),
          "SIF inspections and re-inspections that took place by the end of the reporting window, published or not")
    L.add("sif.inspections_unpublished", sum(1 for published in done if not published <= cut),
          "SIF inspections that took place by the end of the reporting window but were not published by the "
          "reporting date (not counted)")
    L.add("sif.inspected_unpublished.count", len(waiting),
          "LAs inspected by the end of the reporting window with no SIF inspection published by the reporting date")
    L.add("sif.inspected_unpublished.names", waiting["la_name"].tolist(), "Those LAs")
    L.add("sif.all_inspected_published", len(waiting) == 0,
          "Every LA inspected by the end of the reporting window has an inspection published by the reporting date "
          "(so the LAs counted are the LAs inspected)")
    L.add("sif.inspected_or_waiting", len(now) + len(waiting),
          "LAs inspected by the end of the reporting window, published or not")
    waiting_then = _first_unpublished(tables, before, rel.sif_previous_date)
    L.add("sif.at_previous.inspected_unpublished", len(waiting_then),
          "LAs inspected by the position last reported with no SIF inspection published by its cut-off")
    L.add("sif.at_previous.all_inspected_published", len(waiting_then) == 0,
          "Every LA inspected by the position last reported had an inspection published by its cut-off")
    L.add("sif.at_previous.inspected_only", only(len(before), len(tables.local_authorities)),
          "The LAs counted when last reported were few enough of all LAs to say \"only\" (materiality.only)")
    L.add("sif.fuller_picture", len(before) > 0 and len(now) > len(before),
          "More LAs are counted now than when last reported, and some were counted then: the picture is \"fuller\" "
          "than the previous release's")


def _profiles(L, now, before) -> None:
    for column, key, name in AREAS:
        grades = j.RECORDED_GRADES
        add_profile(L, f"sif.{key}", profile(now[column], grades), len(now), "LAs",
                    how=f" for {name} at their {LATEST}", of=COUNTED)
        add_profile(L, f"sif.previous.{key}", profile(before[column], grades), len(before), "LAs",
                    how=f" for {name} at their {LATEST} by the previous cut-off", of=COUNTED_BEFORE)
        L.add(f"sif.{key}.name", name, f"Name of the judgement area {column}")
        for grade in grades:
            if grade == j.NOT_JUDGED:
                continue
            k = f"sif.{key}.{KEY[grade]}"
            L.add(f"{k}.count_change", L[k].count_value - L[f"sif.previous.{key}.{KEY[grade]}"].count_value,
                  f"Change in the number of LAs judged {grade.lower()} for {name} since the position last reported")


def _comparisons_between_areas(L) -> None:
    """Which judgement area is strongest, weakest, most often outstanding:
    findings the commentary states. An area is "the strongest" (or
    weakest) only when ``materiality.gap`` calls it higher (lower) than
    every other area it is set against: GAP_POINTS or more in the
    published percentages, on bases of FEW_TO_RANK or more LAs. An area
    with no base is left out of the comparison."""
    def beats(key, others, better, grade="good_or_better"):
        mine = L[f"sif.{key}.{grade}"]
        if mine.value is None or not mine.base_value:
            return False
        verdicts = [gap(mine, L[f"sif.{o}.{grade}"]) for o in others if L[f"sif.{o}.{grade}"].base_value]
        return bool(verdicts) and all(v.verdict == ("higher" if better else "lower") for v in verdicts)

    areas = [key for _, key, _ in AREAS]
    L.add("sif.adoption.strongest", beats("adoption", [a for a in areas if a != "adoption"], True),
          "Adoption's share judged good or better is higher than every other key and sub-judgement's and overall "
          f"effectiveness's by {GAP_POINTS} points or more (materiality.gap)")
    L.add("sif.hp.weakest_key", beats("hp", ["lmg", "cla"], False),
          f"Help and protection's share judged good or better is lower than the other two key judgements' by {GAP_POINTS} "
          "points or more (materiality.gap)")
    # "A strong area" is no superlative: it says care leavers' share is above
    # the two weaker areas', as published, and is kept as the signed-off
    # releases defined it (a gap rule would change the 2016-03 archive).
    care, others = L["sif.care_leavers.good_or_better"], [L[f"sif.{k}.good_or_better"] for k in ("hp", "cla")]
    L.add("sif.care_leavers.strong", care.value is not None and all(o.value is None or care > o for o in others),
          "Care leavers' share good or better is above help and protection's and children looked after's")
    L.add("sif.lmg.most_outstanding", beats("lmg", ["hp", "cla"], True, "outstanding"),
          f"The share of LAs judged outstanding for leadership is higher than for either other key judgement by {GAP_POINTS} "
          "points or more (materiality.gap)")


#: The rule behind the heading word "improved" (sif.oe.profile_change).
PROFILE_RULE = ("How the overall effectiveness profile moved since last reported, from the published whole percentages "
                "of LAs judged good or better and inadequate, with no threshold (any difference counts; whether it is "
                "material is sif.oe.profile_material, by materiality.CHANGE_POINTS): \"improved\" when good or better "
                "rose and inadequate did not rise, or good or better held and inadequate fell; \"worsened\" the "
                "reverse; \"not changed\" when neither moved; \"changed\" otherwise, or when either position has no "
                "LAs to compare")


def _profile_change(L) -> None:
    """Whether the judgement profile improved: more LAs good or better and
    no more inadequate (as published, in whole percentages)."""
    values = [L[k].value for k in ("sif.oe.good_or_better", "sif.previous.oe.good_or_better",
                                   "sif.oe.inadequate", "sif.previous.oe.inadequate")]
    if None in values:  # nothing to compare with
        L.add("sif.oe.profile_change", "changed", PROFILE_RULE)
        L.add("sif.oe.inadequate.also", False, "Nothing to compare with: no \"also\"")
        return
    up, worse = values[0] - values[1], values[2] - values[3]
    if up > 0 and worse <= 0 or up == 0 and worse < 0:
        word = "improved"
    elif up < 0 and worse >= 0 or up == 0 and worse > 0:
        word = "worsened"
    elif up == 0 and worse == 0:
        word = "not changed"
    else:
        word = "changed"
    L.add("sif.oe.profile_change", word, PROFILE_RULE)
    # "also" in "There has also been a decrease in LAs judged inadequate":
    # good or better changed too, and the two moves tell the same story.
    L.add("sif.oe.inadequate.also", worse != 0 and up != 0 and (worse < 0) == (up > 0),
          "Inadequate and good or better both changed since last reported, one down as the other rose (the text may say "
          "\"also\")")


#: Overall effectiveness shares whose change since last reported is a
#: finding: (key, words for the LAs it counts).
CHANGE_SHARES = (("good_or_better", "judged good or better"), ("outstanding", "judged outstanding"),
                 ("good", "judged good"), ("requires_improvement", "judged requires improvement to be good"),
                 ("inadequate", "judged inadequate"))


def _direction(a, b) -> str:
    return "up" if b > a else "down" if b < a else "same"


def _share_changes(L) -> None:
    """Each overall effectiveness share against the position last reported,
    as a finding (``sif.oe.<grade>.change.*``): its size by the materiality
    rules (``materiality.change``), the direction of the share and of its
    count, and whether the words must give both, because they moved in
    opposite directions or the base changed materially
    (``materiality.opposite``, ``materiality.base_changed``)."""
    for key, words in CHANGE_SHARES:
        now, then = L[f"sif.oe.{key}"], L[f"sif.previous.oe.{key}"]
        found = change(then, now)
        k = f"sif.oe.{key}.change"
        what = f"LAs {words} for overall effectiveness, against the position last reported"
        L.add(f"{k}.comparable", found is not None, f"{what}: both positions have LAs to compare")
        L.add(f"{k}.size", found.size if found else "", f"{what}: size of the change in published whole "
              "percentage points by materiality.change: none (no difference), very small (one point), small (under "
              "CHANGE_POINTS), material (CHANGE_POINTS or more, both bases FEW_TO_RANK or more); empty with nothing "
              "to compare")
        L.add(f"{k}.material", bool(found and found.material), f"{what}: a material change")
        L.add(f"{k}.direction", found.direction if found else "", f"{what}: direction of the published share (up, down, same: "
              "any difference in whole percentage points, no threshold)")
        L.add(f"{k}.count_direction", _direction(then.count_value, now.count_value),
              f"{what}: direction of the number of LAs (up, down, same: "
              "any difference, no threshold)")
        L.add(f"{k}.opposite", bool(found) and opposite(then, now),
              f"{what}: the share and the number of LAs moved in opposite directions")
        L.add(f"{k}.base_changed", bool(found) and base_changed(then, now),
              f"{what}: the number of LAs inspected changed materially")
        some = bool(then.count_value or now.count_value)
        L.add(f"{k}.give_counts", bool(found) and (opposite(then, now) or (some and base_changed(then, now))),
              f"{what}: the words give the numbers of LAs as well as the shares (the base changed materially and "
              "some LAs are counted, or the share and the number moved apart)")
    good, inad = L["sif.oe.good_or_better.change.material"].value, L["sif.oe.inadequate.change.material"].value
    L.add("sif.oe.profile_material", bool(good or inad),
          "The change in the share good or better or the share inadequate since last reported is material "
          "(otherwise an improved or worse profile is only slightly so)")


def _dropped(L, now, before) -> None:
    """Judgement areas whose share judged good or better fell since the
    position last reported."""
    dropped = [name for _, key, name in AREAS
               if L[f"sif.{key}.good_or_better"] < L[f"sif.previous.{key}.good_or_better"]]
    L.add("sif.areas_good_or_better_dropped", dropped,
          "Judgement areas whose proportion of LAs judged good or better fell since the previous position")
    L.add("sif.only_cla_dropped", dropped == [AREAS[2][2]],
          "Children looked after was the only area whose good-or-better share fell")


def _names_split(las, was) -> tuple[list, list]:
    """Names already on the list at the previous position (``was``: their
    codes), and those that joined it since. An LA already on the list is
    never "since", whether or not it was re-inspected."""
    old = [name for code, name in las if code in was]
    new = [name for code, name in las if code not in was]
    return old, new


def _codes_and_names(frame) -> list[tuple[str, str]]:
    """(code, name) of each LA in ``frame``, in its order."""
    return list(zip(frame["la_code"].tolist(), frame["la_name"].tolist()))


def _inadequate_in(frame, columns) -> pd.Series:
    """Whether each LA is judged inadequate in every one of ``columns``."""
    # Row by row in plain Python: a comparison of five string columns costs
    # pandas more than reading them.
    judged = zip(*(frame[c].tolist() for c in columns))
    return pd.Series([all(g == j.INADEQUATE for g in row) for row in judged], index=frame.index, dtype=bool)


def _inadequate_all(frame) -> pd.Series:
    return _inadequate_in(frame, ALL_JUDGEMENTS)


def _inadequate_key(frame) -> pd.Series:
    return _inadequate_in(frame, KEY_JUDGEMENTS)


def _recounted(now, before) -> set:
    """LAs counted at both positions by different inspections: re-inspected since."""
    counted_now = set(zip(now["la_code"].tolist(), now["inspection_id"].tolist()))
    same = {code for code, inspection in zip(before["la_code"].tolist(), before["inspection_id"].tolist())
            if (code, inspection) in counted_now}
    return (set(before["la_code"].tolist()) & set(now["la_code"].tolist())) - same


def _inadequate_everywhere(L, now, before) -> None:
    """The two named lists the text prints: inadequate in every judgement;
    inadequate in each key judgement but not every sub-judgement. "Already
    so when last reported" is read against the whole list: an LA inadequate
    in each key judgement then (in every judgement or not) is not new to
    the second sentence."""
    # (code, name) of the LAs on each list, in the position's order.
    now_las, before_las = _codes_and_names(now), _codes_and_names(before)
    all_five = [la for la, passed in zip(now_las, _inadequate_all(now).tolist()) if passed]
    five = {code for code, _ in all_five}
    all_key = [la for la, passed in zip(now_las, _inadequate_key(now).tolist()) if passed and la[0] not in five]
    was = {"all_judgements": _codes_where(before_las, _inadequate_all(before)),
           "key_judgements_only": _codes_where(before_las, _inadequate_key(before))}
    reinspected = _recounted(now, before)
    for key, las, what in (("all_judgements", all_five, "every key judgement and sub-judgement"),
                           ("key_judgements_only", all_key, "each of the three key judgements but not every sub-judgement")):
        old, new = _names_split(las, was[key])
        L.add(f"sif.inadequate_{key}.count", len(las), f"LAs judged inadequate in {what}")
        L.add(f"sif.inadequate_{key}.before", old, f"LAs inadequate in {what}, already so when last reported")
        L.add(f"sif.inadequate_{key}.since", new, f"LAs inadequate in {what}, reported since")
        L.add(f"sif.inadequate_{key}.since_described",
              [f"{in_prose(name)} (on re-inspection)" if code in reinspected else name
               for code, name in las if code not in was[key]],
              "Those reported since, each re-inspected since marked so")


#: The named lists of LAs whose movements since last reported are findings:
#: (key, words after "the LAs", test of a position's rows).
LISTS = (
    ("inadequate_all_judgements", "judged inadequate in all of the key and sub-judgements", _inadequate_all),
    ("inadequate_key_judgements", "judged inadequate for each of the three key judgements", _inadequate_key),
    ("outstanding", "judged outstanding for overall effectiveness",
     lambda f: f["overall_effectiveness"] == j.OUTSTANDING),
    ("good_or_better", "judged good or better for overall effectiveness",
     lambda f: f["overall_effectiveness"].isin(j.GOOD_OR_BETTER)),
    ("inadequate", "judged inadequate for overall effectiveness",
     lambda f: f["overall_effectiveness"] == j.INADEQUATE),
)
#: Lists whose movements on re-inspection the re-inspection sentence names:
#: the others follow from the overall effectiveness judgement it gives.
NAMED_MOVES = ("inadequate_all_judgements", "inadequate_key_judgements")


def _names_of(las, codes) -> list:
    """The names of the LAs ``las`` (``_codes_and_names`` of a position)
    whose codes are in ``codes``, A to Z."""
    return sorted(name for code, name in las if code in codes)


def _codes_where(las, test) -> set:
    """The codes of the LAs ``las`` (``_codes_and_names`` of a position)
    where ``test`` (a Series of the position's rows) is true."""
    return {code for (code, _), passed in zip(las, test.tolist()) if passed}


def _lists(L, figs, now, before) -> None:
    """Each named list now against the position last reported: who stayed,
    who joined (a first inspection published since, or a re-inspection),
    who left (a re-inspection, or no longer counted)."""
    counted_before, counted_now = set(before["la_code"].tolist()), set(now["la_code"].tolist())
    recounted = _recounted(now, before)
    # Each position's LAs read once, not once for each name list below.
    now_las, before_las = _codes_and_names(now), _codes_and_names(before)
    for key, words, test in LISTS:
        members, was = _codes_where(now_las, test(now)), _codes_where(before_las, test(before))
        joined, left = members - was, was - members
        k = f"sif.list.{key}"
        L.add(f"{k}.words", words, "The list, as the text names it after \"the LAs\"")
        L.add(f"{k}.members", _names_of(now_las, members), f"LAs {words} now")
        L.add(f"{k}.previous_members", _names_of(before_las, was), f"LAs {words} at the position last reported")
        L.add(f"{k}.stayed", _names_of(now_las, members & was), f"LAs {words} then and now")
        L.add(f"{k}.joined", _names_of(now_las, joined), f"LAs {words} now and not when last reported")
        L.add(f"{k}.joined_first", _names_of(now_las, joined - counted_before),
              "Of those, LAs whose first SIF inspection was published since last reported")
        L.add(f"{k}.joined_reinspected", _names_of(now_las, joined & counted_before),
              "Of those, LAs counted when last reported whose re-inspection put them on the list")
        L.add(f"{k}.left", _names_of(before_las, left), f"LAs {words} when last reported and not now")
        L.add(f"{k}.left_reinspected", _names_of(now_las, left & recounted),
              "Of those, LAs whose re-inspection took them off the list")
        L.add(f"{k}.left_uncounted", _names_of(before_las, left - counted_now),
              "Of those, LAs no longer counted (no SIF inspection published by the reporting date in these data)")
        L.add(f"{k}.changed", bool(joined or left), f"The list of LAs {words} changed since last reported")


def _grade_words(grade: str) -> str:
    return grade.lower()


def _reinspected_since(L, figs, tables, rel, now, before) -> None:
    """LAs whose counted inspection is a re-inspection published since the
    position last reported, each with its overall effectiveness from what
    (its inspection before) to what, and the named lists it therefore
    joined or left."""
    sif = tables.sif_inspections
    cut, previous_cut = pd.Timestamp(rel.sif_published_by), pd.Timestamp(rel.sif_previous_published_by)
    # Each LA's published inspections: (inspection date, overall effectiveness).
    published_of = defaultdict(list)
    for code, date, published, grade in zip(sif["la_code"].tolist(), sif["inspection_date"].tolist(),
                                            sif["publication_date"].tolist(), sif["overall_effectiveness"].tolist()):
        if published <= cut:
            published_of[code].append((date, grade))
    reported = set(before["la_code"].tolist())
    # The counted inspections published since the previous cut-off, A to Z
    # by LA name (names are unique: validation), read row by row.
    new = sorted((row for row in zip(now["la_name"].tolist(), now["la_code"].tolist(), now["inspection_date"].tolist(),
                                     now["publication_date"].tolist(), now["overall_effectiveness"].tolist())
                  if row[3] > previous_cut), key=lambda row: row[0])
    rows = []
    for name, code, inspected, _, grade in new:
        earlier = [(date, was) for date, was in published_of[code] if date < inspected]
        if not earlier:
            continue
        # The latest of them (validation allows one inspection of an LA a day).
        _, last = max(earlier)
        rows.append({"code": code, "name": name, "from": _grade_words(last),
                     "to": _grade_words(grade), "reported": code in reported})
    L.add("sif.reinspected_since.count", len(rows),
          "LAs whose counted SIF inspection is a re-inspection published since the position last reported")
    L.add("sif.reinspected_since.names", [r["name"] for r in rows], "Those LAs")
    L.add("sif.reinspected_since.moves",
          [f"{in_prose(r['name'])} moved from {r['from']} to {r['to']}" if r["from"] != r["to"]
           else f"{in_prose(r['name'])} was judged {r['to']} again" for r in rows],
          "Each of those LAs with its overall effectiveness at its inspection before and at its re-inspection")
    L.add("sif.reinspected_since.same_grade", [r["name"] for r in rows if r["from"] == r["to"]],
          "Those re-inspected LAs given the same overall effectiveness judgement again")
    moves = []
    again = set(L["sif.reinspected_since.names"].value)

    def on(key, field):
        return [n for n in L[f"sif.list.{key}.{field}"].value if n in again]
    all5, key3 = NAMED_MOVES
    # An LA joining the list of every judgement joined the key judgements'
    # too: said once, of the narrower list. One leaving the key judgements'
    # list left both: said once, of the wider list.
    joins = {all5: on(all5, "joined_reinspected"),
             key3: [n for n in on(key3, "joined_reinspected") if n not in on(all5, "joined_reinspected")]}
    leaves = {key3: on(key3, "left_reinspected"),
              all5: [n for n in on(all5, "left_reinspected") if n not in on(key3, "left_reinspected")]}
    for key, words, _ in LISTS:
        if key not in NAMED_MOVES:
            continue
        if joins[key]:
            moves.append(f"{join_names([in_prose(n) for n in joins[key]])} joined the LAs {words}")
        if leaves[key]:
            n = len(leaves[key])
            moves.append(f"{join_names([in_prose(n) for n in leaves[key]])} {'is' if n == 1 else 'are'} no longer "
                         f"among the LAs {words}")
    L.add("sif.reinspected_since.list_moves", moves,
          "The named lists those re-inspections put LAs on or took them off (inadequate in every judgement, "
          "inadequate in each key judgement)")
    L.add("sif.reinspected_since.any_list_moves", bool(moves), "Any re-inspection since moved an LA on or off a named list")
    figs.lists["sif_reinspected_since"] = rows





def _cross(L, now) -> None:
    """Sub-judgements against overall effectiveness, and where the
    outstanding leadership judgements are."""
    # Counted in plain Python: a few dozen LAs, for which pandas' calls took longer.
    oe = now["overall_effectiveness"].tolist()
    for column, key in (("adoption", "adoption"), ("care_leavers", "care_leavers")):
        inad = [grade for grade, judged in zip(oe, now[column].tolist()) if judged == j.INADEQUATE]
        for grade, count in profile(inad, j.GRADES).items():
            L.add(f"sif.{key}.inadequate_by_oe.{KEY[grade]}", count,
                  f"LAs inadequate for {column} and {grade.lower()} for overall effectiveness")
    lead = [region for region, judged in zip(now["region"].tolist(), now["leadership"].tolist()) if judged == j.OUTSTANDING]
    south = [region for region in lead if j.AREAS.get(region) == "south"]
    L.share("sif.lmg.outstanding_in_south", len(south), len(lead),
            "LAs in the south (East of England, London, South East, South West), of the LAs judged outstanding for "
            "leadership at their latest SIF inspection")
    L.add("sif.lmg.outstanding_majority_south", len(south) * 2 > len(lead), "Most LAs outstanding for leadership are in the south")
    by_region = Counter(south)
    L.add("sif.lmg.outstanding_south_regions",
          [f"{_count_word(int(c))} in {_the(r)}" for r, c in sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0]))],
          "Where in the south the LAs outstanding for leadership are")
    types = now["la_type"].tolist()
    for grade in (j.OUTSTANDING, j.GOOD):
        judged = sum(1 for g in oe if g == grade)
        london = sum(1 for g, t in zip(oe, types) if g == grade and t == "London borough")
        L.add(f"sif.oe.{KEY[grade]}.all_london", london == judged > 0,
              f"Every LA judged {grade.lower()} overall is a London borough")


def _count_word(n: int) -> str:
    from ..numbers import in_words as number_words
    return number_words(n)


def _the(region: str) -> str:
    """"the North East", but "London" and "Yorkshire and The Humber"."""
    return in_prose(region)


def _regions(L, figs, now, before, las) -> None:
    """Overall effectiveness by region, and the regional superlatives."""
    rows = []
    regions = sorted(las["region"].unique(), key=j.REGIONS.index)
    now_by, before_by = (split(frame, "region", regions, ("overall_effectiveness",)) for frame in (now, before))
    las_in = profile(las["region"], regions)
    counts_by_region = {}
    for region in regions:
        r, rb = now_by[region], before_by[region]
        k = f"sif.region.{slug(region)}"
        counts = counts_by_region[region] = profile(r["overall_effectiveness"], j.GRADES)
        add_profile(L, k, counts, len(r), f"LAs in {region}", how=f" for overall effectiveness at their {LATEST}",
                    of=f"the LAs in {region} with a SIF inspection published (LAs not yet inspected are left out)")
        L.add(f"{k}.name", region, "Region")
        L.add(f"{k}.las", las_in[region], f"LAs in {region}")
        good_before = count_in(rb["overall_effectiveness"], j.GOOD_OR_BETTER)
        rows.append({"region": region, "key": k, "n": len(r), "good": L[f"{k}.good_or_better"],
                     "inadequate": L[f"{k}.inadequate"], "good_before": good_before})
    figs.sif_regions = rows
    with_good = [r for r in rows if r["good"].count_value > 0]
    with_inad = [r for r in rows if r["inadequate"].count_value > 0]
    L.add("sif.regions.count", len(rows), "Regions")
    L.add("sif.regions.with_good", len(with_good), "Regions with an LA judged good or better")
    L.add("sif.regions.good_in_every_region", len(with_good) == len(rows), "Every region has a good or better LA")
    L.add("sif.regions.good_in_every_region_new", len(with_good) == len(rows) and any(r["good_before"] == 0 for r in rows),
          "Every region has a good or better LA now, and did not when last reported (news for a key point)")
    with_exactly_good = [r for r in rows if counts_by_region[r["region"]][j.GOOD]]
    L.add("sif.regions.exactly_good_in_every_region", len(with_exactly_good) == len(rows),
          "Every region has an LA judged good (not only outstanding)")
    L.add("sif.regions.inadequate_in_every_region", len(with_inad) == len(rows), "Every region has an inadequate LA")
    L.add("sif.regions.with_inadequate", len(with_inad), "Regions with an LA judged inadequate")
    L.add("sif.regions.with_good_names", [r["region"] for r in with_good], "Regions with an LA judged good or better")
    L.add("sif.regions.with_inadequate_names", [r["region"] for r in with_inad], "Regions with an LA judged inadequate")
    first_good = [r["region"] for r in rows if r["good"].count_value > 0 and r["good_before"] == 0]
    L.add("sif.regions.first_good", first_good, "Regions with a good or better LA for the first time since last reported")
    first_las = [(name, grade) for name, region, grade in zip(now["la_name"].tolist(), now["region"].tolist(),
                                                              now["overall_effectiveness"].tolist())
                 if region in first_good and grade in j.GOOD_OR_BETTER]
    L.add("sif.regions.first_good_las", [name for name, _ in first_las], "Those regions' good or better LAs")
    L.add("sif.regions.first_good_grades", [g.lower() for g in j.GRADES if g in {grade for _, grade in first_las}],
          "The overall effectiveness judgements of those LAs (good, outstanding)")
    over = sorted([r for r in rows if r["good"].exact > 0.2], key=lambda r: (-r["good"].exact, r["region"]))
    L.add("sif.regions.over_fifth_good.count", len(over), "Regions with over 20% of inspected LAs good or better")
    L.add("sif.regions.over_fifth_good.few", len(over) * 2 < len(rows), "Fewer than half the regions are over 20%")
    L.add("sif.regions.over_fifth_good.list", [f"{_the(r['region'])} ({r['good']})" for r in over],
          "Those regions, highest first, with their percentages")
    inspected = [r for r in rows if r["n"] > 0]
    L.add("sif.regions.several_inspected", len(inspected) > 1, "More than one region has an inspected LA (a ranking has two ends)")
    for field, what in (("good", "good or better"), ("inadequate", "inadequate")):
        values = [r[field].value for r in inspected]
        L.add(f"sif.regions.{field}_spread_material", bool(values) and max(values) - min(values) >= GAP_POINTS,
              f"The regions' shares of LAs judged {what} are {GAP_POINTS} or more points apart from highest to lowest "
              "(materiality.GAP_POINTS): a highest or lowest region may be named")
    _ranked(L, figs, "lowest_good", rows, "good", True, "good or better")
    _ranked(L, figs, "highest_inadequate", rows, "inadequate", False, "inadequate")
    _ranked(L, figs, "lowest_inadequate", rows, "inadequate", True, "inadequate")
    _extreme(L, "sif.regions.lowest_good", rows, "good", min, "Region with the lowest share of LAs good or better")
    _extreme(L, "sif.regions.highest_inadequate", rows, "inadequate", max, "Region with the highest share inadequate")
    _extreme(L, "sif.regions.lowest_inadequate", rows, "inadequate", min, "Region with the lowest share inadequate")
    _since(L, now, before)


def _ranked(L, figs, key, rows, field, lowest, words) -> None:
    """A regional superlative the text states, by ``materiality.rank``: only
    regions with FEW_TO_RANK or more inspected LAs are ranked; the region
    at the top is named alone only when it leads the next by GAP_POINTS
    (``clear``), else with the ranked regions within GAP_POINTS of it
    (``with_near``); the regions left out for a small base are named with
    their figures (``left_out``), so no bar of the chart beside it is
    dropped silently. A claim is registered for the QA to check against
    the chart when the region is named alone."""
    by_name = {r["region"]: r for r in rows}
    found = rank({r["region"]: r[field] for r in rows}, lowest=lowest)
    k = f"sif.regions.ranked_{key}"
    what = f"Among regions with {FEW_TO_RANK} or more inspected LAs, the {'lowest' if lowest else 'highest'} share {words}"
    top = by_name[found.top[0]] if found.top else None
    L.add(f"{k}.any", top is not None, f"{what}: some region has enough inspected LAs to rank")
    L.add(f"{k}.several", len(found.ranked) > 1, f"{what}: two or more regions are ranked")
    L.add(f"{k}.clear", found.clear, f"{what}: one region leads the next ranked by {GAP_POINTS} points or more")
    L.add(f"{k}.name", _the(top["region"]) if top else "", f"{what}: the region")
    L.add(f"{k}.share", top[field].value if top else 0, f"{what}: its percentage")
    L.add(f"{k}.count", top[field].count_value if top else 0, f"{what}: its number of LAs")
    L.add(f"{k}.inspected", top["n"] if top else 0, f"{what}: LAs inspected there")
    near = [n for n in found.ranked if top and abs(by_name[n][field].value - top[field].value) < GAP_POINTS]
    L.add(f"{k}.with_near", [f"{_the(n)} ({by_name[n][field].value}%)" for n in near],
          f"{what}: it and the ranked regions within {GAP_POINTS} points of it, with their percentages")
    L.add(f"{k}.left_out", [f"{_the(n)} ({_count_words_or_figures(by_name[n][field].count_value) if by_name[n][field].count_value else 'none'} "
                            f"of {_count_words_or_figures(by_name[n]['n'])}, {by_name[n][field].value}%)" for n in found.left_out],
          f"{what}: the regions with fewer inspected LAs, left out of the ranking, with their numbers and percentages")
    L.add(f"{k}.left_out_names", list(found.left_out), f"{what}: the regions left out of the ranking")
    L.add(f"{k}.several_left_out", len(found.left_out) > 1, f"{what}: more than one region left out")
    L.add(f"{k}.few_to_rank", FEW_TO_RANK, "The fewest inspected LAs on which a region is ranked (materiality.FEW_TO_RANK)")
    values = [by_name[n][field].value for n in found.ranked]
    L.add(f"{k}.spread_material", bool(values) and max(values) - min(values) >= GAP_POINTS,
          f"{what}: the ranked regions' shares are {GAP_POINTS} or more points apart")
    if top is not None and found.clear:
        from .findings import Claim
        focus = j.GOOD_OR_BETTER if field == "good" else (j.INADEQUATE,)
        figs.claims.append(Claim(chart="sif_oe_by_region", groups=tuple(r["region"] for r in rows), top=(top["region"],),
                                 focus=focus, lowest=lowest,
                                 left_out=tuple(found.left_out), plain=True, value=top[field].value,
                                 said=f"{_the(top['region'])} had the {'lowest' if lowest else 'greatest'} proportion {words}"))


def _count_words_or_figures(n: int) -> str:
    return _count_word(n) if n < 10 else f"{n}"


def _extreme(L, key, rows, field, pick, definition) -> None:
    """The region with the highest or lowest share, and whether it is the
    only one (a tie makes "the region with the highest" untrue)."""
    inspected = [r for r in rows if r["n"] > 0]
    best = pick(inspected, key=lambda r: r[field].exact)
    ties = [r for r in inspected if r[field] == best[field]]
    L.add(f"{key}.name", _the(best["region"]), definition)
    L.add(f"{key}.region", best["region"], definition)
    L.add(f"{key}.unique", len(ties) == 1, f"{definition}: no other region has the same share")
    L.add(f"{key}.share", best[field].value, f"{definition}: percentage")
    L.add(f"{key}.count", best[field].count_value, f"{definition}: number of LAs")
    L.add(f"{key}.inspected", best["n"], f"{definition}: LAs inspected there")
    # The ranking takes in every region with an inspected LA (the sentence
    # states the base), so no small region is silently dropped; but the
    # region is "the lowest" or "the greatest" only when it stands
    # GAP_POINTS or more apart from every other (materiality.GAP_POINTS).
    # Otherwise the regions within that distance are named together.
    near = [r for r in inspected if r is not best and abs(r[field].value - best[field].value) < GAP_POINTS]
    group = sorted([best] + near, key=lambda r: (r[field].exact if pick is min else -r[field].exact, r["region"]))
    L.add(f"{key}.clear", not near,
          f"{definition}: no other region within {GAP_POINTS} percentage points (materiality.GAP_POINTS)")
    L.add(f"{key}.with_near", [f"{_the(r['region'])} ({r[field].value}%)" for r in group],
          f"{definition}: it and the regions within {GAP_POINTS} points of it, with their percentages")
    L.add(f"{key}.left_out", [r["region"] for r in rows if r["n"] == 0],
          f"{definition}: regions left out of the ranking (no LA inspected there)")


#: Fewer new inspections than this in a region are too few to say they
#: boosted its proportion ("two out of two").
SMALL_BASE_SINCE = 3


def _since(L, now, before) -> None:
    """Inspections published since the position last reported, by region:
    the region where good outcomes most lifted the proportion."""
    # In plain Python: a few dozen LAs, for which pandas' calls took longer.
    known = set(before["inspection_id"].tolist())
    new = [(region, grade) for inspection, region, grade in zip(now["inspection_id"].tolist(), now["region"].tolist(),
                                                               now["overall_effectiveness"].tolist())
           if inspection not in known]
    L.add("sif.since.inspections", len(new), "SIF inspections published since the previous cut-off")
    by_region = {}
    for region, grade in new:
        by_region.setdefault(region, []).append(grade)
    best = None
    for region in sorted(by_region):  # A to Z: of regions as good, the first with fewest inspections
        grades = by_region[region]
        good = count_in(grades, j.GOOD_OR_BETTER)
        if best is None or good > best[1] or (good == best[1] and len(grades) < best[2]):
            best = (region, good, len(grades))
    region, good, total = best or ("", 0, 0)
    L.add("sif.since.top_region", _the(region) if region else "", "Region with most good outcomes since last reported")
    L.add("sif.since.top_region_good", good,
          "SIF inspections there published since last reported that judged the LA good or better")
    L.add("sif.since.top_region_inspections", total, "SIF inspections there published since last reported")
    L.add("sif.since.top_region_majority_good", total >= SMALL_BASE_SINCE and good * 2 > total,
          f"Most of that region's new inspections were good or better (of at least {SMALL_BASE_SINCE}: "
          "fewer are too few to say a proportion was boosted)")

    def good_share(frame):
        grades = [grade for r, grade in zip(frame["region"].tolist(), frame["overall_effectiveness"].tolist())
                  if r == region]
        return percent(count_in(grades, j.GOOD_OR_BETTER), len(grades))
    then_share, now_share = good_share(before), good_share(now)
    L.add("sif.since.top_region_boosted", bool(L["sif.since.top_region_majority_good"].value) and then_share is not None
          and now_share is not None and now_share > then_share,
          "Most of that region's new inspections were good or better, and its published share good or better is "
          "higher than when last reported (a region at 100% before was not boosted)")


def _types(L, figs, now) -> None:
    """LA types among the LAs judged good or better, or inadequate. The
    commentary lists the types largest first (``lists.types_good_or_better``)."""
    # (judgement, LA type) of each LA, counted in plain Python.
    judged = list(zip(now["overall_effectiveness"].tolist(), now["la_type"].tolist()))
    for grade_key, grades in (("good_or_better", j.GOOD_OR_BETTER), ("inadequate", {j.INADEQUATE}),
                              ("outstanding", {j.OUTSTANDING})):
        selected = [la_type for grade, la_type in judged if grade in grades]
        of_type = Counter(selected)
        shares = []
        for la_type in j.LA_TYPES:
            shares.append(L.share(f"sif.type.{grade_key}.{slug(la_type)}", of_type[la_type],
                                  len(selected), f"{_TYPE_PLURALS[la_type].capitalize()}, of the LAs judged "
                                  f"{grade_key.replace('_', ' ')} for overall effectiveness at their latest SIF inspection"))
        ranked = sorted(zip(j.LA_TYPES, shares), key=lambda ts: -ts[1].count_value)  # stable: ties keep type order
        rows = [{"type": _TYPE_PLURALS[t], "one": _TYPE_ONE[t], "share": sh} for t, sh in ranked]
        figs.lists[f"types_{grade_key}"] = {"first": rows[0], "second": rows[1], "rest": rows[2:],
                                            "leading": rows[:-1], "last": rows[-1]}


_TYPE_PLURALS = {"London borough": "London boroughs", "Metropolitan district": "metropolitan districts",
                 "Shire county": "shire counties", "Unitary authority": "unitary authorities"}
#: One LA of a type, as a sentence names it ("The one authority judged inadequate was a shire county").
_TYPE_ONE = {"London borough": "a London borough", "Metropolitan district": "a metropolitan district",
             "Shire county": "a shire county", "Unitary authority": "a unitary authority"}


def _cin(L, figs, now, las) -> None:
    """Where children in need live, by the overall effectiveness of their
    LA. Base: every child in need in the area, inspected LA or not."""
    categories = j.GRADES + (j.NOT_YET_INSPECTED,)
    # Children in need by region and their LA's judgement (a suppressed
    # count is no number and adds nothing), summed once.
    in_need = _children_in_need(las, now)
    groups, rows = {}, []
    for region in list(j.REGIONS) + ["England"]:
        counts = {c: in_need[region].get(c, 0) for c in categories}
        base = sum(counts.values())
        k = "sif.cin.england" if region == "England" else f"sif.cin.{slug(region)}"
        good = counts[j.OUTSTANDING] + counts[j.GOOD]
        L.share(f"{k}.good_or_better", good, base, f"Children in need in {region} living in LAs judged good or better for overall "
                f"effectiveness at their latest SIF inspection, of all children in need in {region} (children in LAs not "
                "yet inspected are in the base)")
        L.share(f"{k}.inadequate", counts[j.INADEQUATE], base, f"Children in need in {region} living in LAs judged inadequate for overall "
                f"effectiveness at their latest SIF inspection, of all children in need in {region} (children in LAs not "
                "yet inspected are in the base)")
        groups[region] = counts
        if region != "England":
            rows.append({"region": region, "good": L[f"{k}.good_or_better"], "inadequate": L[f"{k}.inadequate"],
                         "la_good": L[f"sif.region.{slug(region)}.good_or_better"],
                         "la_inadequate": L[f"sif.region.{slug(region)}.inadequate"]})
    figs.charts["cin_by_sif_oe_by_region"] = tidy(groups, categories)
    _cin_ranked(figs, "sif.cin.highest_good", rows, "good", False, j.GOOD_OR_BETTER,
                "Region with the highest share of its children in need in LAs judged good or better")
    _cin_ranked(figs, "sif.cin.highest_inadequate", rows, "inadequate", False, (j.INADEQUATE,),
                "Region with the highest share of its children in need in LAs judged inadequate")
    _cin_ranked(figs, "sif.cin.lowest_inadequate", rows, "inadequate", True, (j.INADEQUATE,),
                "Region with the lowest share of its children in need in LAs judged inadequate")
    # The anomalies: where the share of children differs most from the share of LAs.
    # Only regions with inspected LAs: a region none of whose LAs has been
    # inspected has no share of LAs to set the children against.
    rows = [r for r in rows if r["la_inadequate"].base_value] or rows
    inspected = any(r["la_inadequate"].base_value for r in rows)
    # A gap made only by children in LAs not yet inspected is no anomaly: the
    # children of the region's inspected LAs must show it too.
    for r in rows:
        inspected_las = {grade: n for grade, n in in_need[r["region"]].items() if grade != j.NOT_YET_INSPECTED}
        base = sum(inspected_las.values())
        for field, grades in (("inspected_good", j.GOOD_OR_BETTER), ("inspected_inadequate", {j.INADEQUATE})):
            k = sum(n for grade, n in inspected_las.items() if grade in grades)
            r[field] = k / base if base else 0.0
    over = max(rows, key=lambda r: r["inadequate"].exact - r["la_inadequate"].exact)
    L.add("sif.cin.anomaly_inadequate.region", _the(over["region"]), "Region where children in need are most over-represented in inadequate LAs")
    L.add("sif.cin.anomaly_inadequate.la_share", over["la_inadequate"].value, "Its share of inspected LAs judged inadequate")
    L.add("sif.cin.anomaly_inadequate.cin_share", over["inadequate"].value, "Its share of children in need in inadequate LAs")
    L.add("sif.cin.anomaly_inadequate.marked", inspected and over["inadequate"].value - over["la_inadequate"].value >= ANOMALY_POINTS
          and 100 * (over["inspected_inadequate"] - over["la_inadequate"].exact) >= ANOMALY_POINTS_INSPECTED,
          f"The share of children is at least {ANOMALY_POINTS} points above the share of LAs (of all the region's children "
          f"in need), and at least {ANOMALY_POINTS_INSPECTED} points above it of the children in its inspected LAs")
    under = max(rows, key=lambda r: r["la_good"].exact - r["good"].exact)
    L.add("sif.cin.anomaly_good.region", _the(under["region"]), "Region where children in need are most under-represented in good LAs")
    L.add("sif.cin.anomaly_good.la_share", under["la_good"].value, "Its share of inspected LAs judged good or better")
    L.add("sif.cin.anomaly_good.cin_share", under["good"].value, "Its share of children in need in good or better LAs")
    L.add("sif.cin.anomaly_good.marked", inspected and under["la_good"].value - under["good"].value >= ANOMALY_POINTS
          and 100 * (under["la_good"].exact - under["inspected_good"]) >= ANOMALY_POINTS_INSPECTED,
          f"The share of children is at least {ANOMALY_POINTS} points below the share of LAs (of all the region's children "
          f"in need), and at least {ANOMALY_POINTS_INSPECTED} points below it of the children in its inspected LAs")


def _children_in_need(las, now) -> dict[str, dict[str, int]]:
    """Children in need in each region's LAs and England's, by their LA's
    overall effectiveness at its counted inspection (``now``; "not yet
    inspected" for an LA not counted): {region: {judgement: children}}. A
    suppressed count adds nothing. Summed in plain Python, for the LAs'
    (region, judgement) pairs there are, as a pandas group sums them."""
    grade_of = dict(zip(now["la_code"].tolist(), now["overall_effectiveness"].tolist()))
    regions, england = defaultdict(lambda: defaultdict(int)), defaultdict(int)
    for code, region, n in zip(las["la_code"].tolist(), las["region"].tolist(), las["children_in_need"].tolist()):
        grade = grade_of.get(code)
        grade = grade if isinstance(grade, str) else j.NOT_YET_INSPECTED
        counted = 0 if pd.isna(n) else n
        if isinstance(region, str):
            regions[region][grade] += counted
        england[grade] += counted
    out = defaultdict(dict)
    for region in sorted(regions):
        out[region] = {grade: int(n) for grade, n in sorted(regions[region].items())}
    out["England"] = {grade: int(n) for grade, n in sorted(england.items())}
    return out


#: A gap of this many percentage points between a region's share of LAs and
#: its share of children in need is an anomaly worth a sentence.
ANOMALY_POINTS = 10
#: ... and the gap must stand at least this many points among the children
#: of the region's inspected LAs alone: a gap made by children in LAs not
#: yet inspected (whose share counts in the base but cannot be good or
#: inadequate) is no anomaly.
ANOMALY_POINTS_INSPECTED = 5


def _cin_ranked(figs, key, rows, field, lowest, focus, definition) -> None:
    """A regional superlative about children in need, as a finding
    (``findings.ranking``, so ``materiality.rank``): ``.unique`` (one region
    alone at the top, among regions with FEW_TO_RANK or more children in
    need), ``.clear`` (it leads the next by GAP_POINTS: said plainly; else the
    close regions are named), the regions left out, and a claim the QA checks
    against Chart ``cin_by_sif_oe_by_region``."""
    groups = [findings.Group(_the(r["region"]), r[field], r["region"]) for r in rows]
    findings.ranking(figs, key, groups, unit="children in need", lowest=lowest, chart="cin_by_sif_oe_by_region",
                     focus=tuple(g for g in j.GRADES if g in focus), definition=definition,
                     said=definition.lower())


def _charts(figs, now, before, rel) -> None:
    grades = j.GRADES
    before_label, now_label = _date_label(rel.sif_previous_date), _date_label(rel.sif_inspected_to)
    for key, column in (("sif_oe", "overall_effectiveness"), ("sif_adoption", "adoption"),
                        ("sif_care_leavers", "care_leavers")):
        figs.charts[key] = tidy({before_label: profile(before[column], grades),
                                 now_label: profile(now[column], grades)}, grades)
    figs.charts["sif_key_judgements"] = tidy(
        {name[0].upper() + name[1:]: profile(now[column], grades) for column, _, name in AREAS[:4]}, grades)
    regions = {r: profile(frame["overall_effectiveness"], grades) for r, frame in split(now, "region", j.REGIONS, ("overall_effectiveness",)).items()}
    regions["England"] = profile(now["overall_effectiveness"], grades)
    figs.charts["sif_oe_by_region"] = tidy(regions, grades)



def _map(figs, now, las, waiting) -> None:
    """Each LA's category: its counted judgement; "inspected, not yet
    published" where it was inspected in the window but no report was
    published by the cut-off (on the LSCB map, where that inspection
    carried a review); "not yet inspected" otherwise. On the LSCB map an LA
    counted with no LSCB review is "not judged"."""
    # Each LA's categories, in plain Python, in the order of ``las`` (as
    # a left merge of the position keeps it; an LA has one row in ``now``).
    counted = dict(zip(now["la_code"].tolist(), zip(now["overall_effectiveness"].tolist(),
                                                    now["lscb_overall_effectiveness"].tolist())))
    pending = set(waiting["la_code"].tolist())
    # An LSCB is "reviewed, not yet published" only where the unpublished
    # inspection carried a review.
    reviewed = {code for code, review in zip(waiting["la_code"].tolist(), waiting["lscb_overall_effectiveness"].tolist())
                if isinstance(review, str) and review != ""}
    oe, lscb = [], []
    for code in las["la_code"].tolist():
        missing = j.INSPECTED_NOT_PUBLISHED if code in pending else j.NOT_YET_INSPECTED
        grade, review = counted.get(code, (None, None))
        if not isinstance(grade, str):
            oe.append(missing)
            lscb.append(missing if code in reviewed else j.NOT_YET_INSPECTED)
        else:
            oe.append(grade)
            lscb.append(review if isinstance(review, str) and review != "" else j.NOT_JUDGED)
    base = las[["la_code", "la_name", "region"]].reset_index(drop=True)
    text = las["la_name"].dtype  # text, as the tables are read
    figs.maps["la_sif_oe"] = base.assign(category=pd.array(oe, dtype=text))
    figs.maps["la_lscb"] = base.assign(category=pd.array(lscb, dtype=text))
