"""Comparisons with the frameworks before the SIF: Child Protection
(2012-13) against the help and protection key judgement, and Looked After
Children (2009-12) against children looked after and achieving
permanence. "Adequate" is the counterpart of "requires improvement to be
good"; change is counted in grades."""

from ..inputs import judgements as j
from ..ledger import join_names
from .common import KEY, tidy
from .materiality import only

COMPARISONS = (
    ("cp", "Child Protection", "help_and_protection", "cp_to_hp_change"),
    ("lac", "Looked After Children", "looked_after", "lac_to_cla_change"),
)


def compute(tables, rel, figs) -> None:
    L = figs.ledger
    now = figs.sif_now
    prev = tables.previous_frameworks
    for key, framework, column, chart in COMPARISONS:
        earlier = prev[prev["framework"] == framework]
        k = f"previous.{key}"
        L.share(f"{k}.las", len(earlier), len(tables.local_authorities), f"LAs with a {framework} inspection, of all LAs")
        both = earlier.merge(now[["la_code", "la_name", column]], on="la_code")
        both = both[both[column].isin(j.GRADES)]
        L.add(f"{k}.both", len(both), f"LAs with a {framework} inspection and a SIF judgement of {column}")
        L.add(f"{k}.both.only", only(len(both), len(earlier)),
              f"Those LAs are few enough of the LAs with a {framework} inspection to say \"only\" (materiality.only)")
        both = both.assign(change=[j.change(a, b) for a, b in zip(both["judgement"].tolist(), both[column].tolist())],
                           steps=[j.grades_moved(a, b) for a, b in zip(both["judgement"].tolist(), both[column].tolist())])
        for change in j.CHANGES:
            L.add(f"{k}.{KEY[change]}", int((both["change"] == change).sum()), f"LAs whose judgement {change.lower()}")
        moved = both[both["change"] != j.STAYED_THE_SAME]
        L.add(f"{k}.moved", len(moved), "LAs whose judgement improved or declined")
        L.add(f"{k}.moved_one_grade", int((moved["steps"] == 1).sum()), "LAs that moved by exactly one grade")
        one = moved[moved["steps"] == 1]
        pairs = one.groupby(["judgement", column]).size().sort_values(ascending=False, kind="stable")
        example = ""
        if len(pairs):
            (a, b) = pairs.index[0]
            example = f"from {a.lower()} to {b.lower()}"
        L.add(f"{k}.one_grade_example", example,
              "The commonest one-grade move, as an example (\"from inadequate to requires improvement to be good\")")
        big = moved[moved["steps"] > 1]
        L.add(f"{k}.moved_more.names", big["la_name"].tolist(), "LAs that moved by more than one grade")
        L.add(f"{k}.moved_more.count", len(big), "LAs that moved by more than one grade")
        L.add(f"{k}.moved_more.some_not_all", 0 < len(big) < len(moved),
              "Some, but not all, of the LAs that moved went more than one grade (\"All but N … did so by one grade\")")
        L.add(f"{k}.fewer_declined", int((both["change"] == j.DECLINED).sum()) < int((both["change"] == j.IMPROVED).sum()),
              "Fewer LAs declined than improved (the text may say \"just\")")
        moves = {}
        for r in big.itertuples():
            moves.setdefault((r.judgement, getattr(r, column)), []).append(r.la_name)
        L.add(f"{k}.moved_more.detail",
              [f"{join_names(names)}, from {a.lower()} to {b.lower()}" for (a, b), names in moves.items()],
              "Those LAs grouped by move, each group with its earlier and SIF judgements")
        # Every cell of the previous x SIF table, with the LAs in it (in the order of ``both``).
        cells = {}
        for before, after, name in zip(both["judgement"].tolist(), both[column].tolist(), both["la_name"].tolist()):
            cells.setdefault((before, after), []).append(name)
        for before in j.PREVIOUS_GRADES:
            for after in j.GRADES:
                names = cells.get((before, after), [])
                L.add(f"{k}.{KEY[before]}_to_{KEY[after]}", len(names), f"LAs {before.lower()} before, {after.lower()} under the SIF")
                L.add(f"{k}.{KEY[before]}_to_{KEY[after]}.names", names, "Those LAs")
            L.add(f"{k}.from_{KEY[before]}", sum(len(names) for (a, _), names in cells.items() if a == before),
                  f"LAs judged {before.lower()} before")
        for after in j.GRADES:
            L.add(f"{k}.to_{KEY[after]}", int((both[column] == after).sum()), f"LAs judged {after.lower()} under the SIF")
            L.add(f"{k}.to_{KEY[after]}.all", int((now[column] == after).sum()),
                  f"All LAs judged {after.lower()} for {column} under the SIF")
        improved = moved[moved["change"] == j.IMPROVED]
        L.share(f"{k}.improved_adequate_to_good", int(((improved["judgement"] == j.ADEQUATE) & (improved[column] == j.GOOD)).sum()),
                len(improved), "Of the LAs that improved, those from adequate to good")
        ri = now[now[column] == j.REQUIRES_IMPROVEMENT]
        L.share(f"{k}.ri_declined_from_good", int(((both["judgement"] == j.GOOD) & (both[column] == j.REQUIRES_IMPROVEMENT)).sum()),
                len(ri), "Of all LAs judged requires improvement to be good under the SIF, those that had been good")
        declines = moved[moved["change"] == j.DECLINED]
        L.add(f"{k}.all_declines_adequate_to_inadequate",
              len(declines) > 0 and bool(((declines["judgement"] == j.ADEQUATE) & (declines[column] == j.INADEQUATE)).all()),
              "Every decline was from adequate to inadequate")
        L.add(f"{k}.outstanding_either", int(((both["judgement"] == j.OUTSTANDING) | (both[column] == j.OUTSTANDING)).sum()),
              "LAs judged outstanding at either inspection")
        groups = {before: {after: len(cells.get((before, after), [])) for after in j.GRADES}
                  for before in j.PREVIOUS_GRADES}
        figs.charts[chart] = tidy(groups, j.GRADES)
