"""Comparisons with the frameworks before the SIF: Child Protection
(2012-13) against the help and protection key judgement, and Looked After
Children (2009-12) against children looked after and achieving
permanence. "Adequate" is the counterpart of "requires improvement to be
good"; change is counted in grades."""

from collections import Counter

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
    inspections = list(zip(prev["framework"].tolist(), prev["la_code"].tolist(), prev["judgement"].tolist()))
    for key, framework, column, chart in COMPARISONS:
        earlier = [(code, judgement) for f, code, judgement in inspections if f == framework]
        k = f"previous.{key}"
        L.share(f"{k}.las", len(earlier), len(tables.local_authorities), f"LAs with a {framework} inspection, of all LAs")
        # Each LA's (judgement before, SIF judgement, name, change, grades
        # moved), for the LAs with an inspection before and a SIF grade
        # now, in the order of the earlier inspections (as an inner merge
        # keeps it; an LA has one row in ``now``). In plain Python: a few
        # dozen LAs, for which pandas' merge and calls took longer than the counts.
        sif = {code: (name, grade) for code, name, grade in zip(now["la_code"].tolist(), now["la_name"].tolist(),
                                                                  now[column].tolist())}
        both = [(a, sif[code][1], sif[code][0]) for code, a in earlier if code in sif and sif[code][1] in j.GRADES]
        L.add(f"{k}.both", len(both), f"LAs with a {framework} inspection and a SIF judgement of {column}")
        L.add(f"{k}.both.only", only(len(both), len(earlier)),
              f"Those LAs are few enough of the LAs with a {framework} inspection to say \"only\" (materiality.only)")
        rows = [(a, b, name, j.change(a, b), j.grades_moved(a, b)) for a, b, name in both]
        changes = Counter(r[3] for r in rows)
        for change in j.CHANGES:
            L.add(f"{k}.{KEY[change]}", changes[change], f"LAs whose judgement {change.lower()}")
        moved = [r for r in rows if r[3] != j.STAYED_THE_SAME]
        L.add(f"{k}.moved", len(moved), "LAs whose judgement improved or declined")
        L.add(f"{k}.moved_one_grade", sum(1 for r in moved if r[4] == 1), "LAs that moved by exactly one grade")
        pairs = Counter((r[0], r[1]) for r in moved if r[4] == 1)
        example = ""
        if pairs:
            # The commonest move; of moves as common, the first in the order of the grades' words.
            a, b = max(sorted(pairs), key=pairs.__getitem__)
            example = f"from {a.lower()} to {b.lower()}"
        L.add(f"{k}.one_grade_example", example,
              "The commonest one-grade move, as an example (\"from inadequate to requires improvement to be good\")")
        big = [r for r in moved if r[4] > 1]
        L.add(f"{k}.moved_more.names", [r[2] for r in big], "LAs that moved by more than one grade")
        L.add(f"{k}.moved_more.count", len(big), "LAs that moved by more than one grade")
        L.add(f"{k}.moved_more.some_not_all", 0 < len(big) < len(moved),
              "Some, but not all, of the LAs that moved went more than one grade (\"All but N … did so by one grade\")")
        L.add(f"{k}.fewer_declined", changes[j.DECLINED] < changes[j.IMPROVED],
              "Fewer LAs declined than improved (the text may say \"just\")")
        moves = {}
        for a, b, name, _, _ in big:
            moves.setdefault((a, b), []).append(name)
        L.add(f"{k}.moved_more.detail",
              [f"{join_names(names)}, from {a.lower()} to {b.lower()}" for (a, b), names in moves.items()],
              "Those LAs grouped by move, each group with its earlier and SIF judgements")
        # Every cell of the previous x SIF table, with the LAs in it (in the order of ``both``).
        cells = {}
        for before, after, name, _, _ in rows:
            cells.setdefault((before, after), []).append(name)
        for before in j.PREVIOUS_GRADES:
            for after in j.GRADES:
                names = cells.get((before, after), [])
                L.add(f"{k}.{KEY[before]}_to_{KEY[after]}", len(names), f"LAs {before.lower()} before, {after.lower()} under the SIF")
                L.add(f"{k}.{KEY[before]}_to_{KEY[after]}.names", names, "Those LAs")
            L.add(f"{k}.from_{KEY[before]}", sum(len(names) for (a, _), names in cells.items() if a == before),
                  f"LAs judged {before.lower()} before")
        sif_now = Counter(now[column].tolist())
        for after in j.GRADES:
            L.add(f"{k}.to_{KEY[after]}", sum(1 for r in rows if r[1] == after), f"LAs judged {after.lower()} under the SIF")
            L.add(f"{k}.to_{KEY[after]}.all", sif_now[after], f"All LAs judged {after.lower()} for {column} under the SIF")
        improved = [r for r in moved if r[3] == j.IMPROVED]
        L.share(f"{k}.improved_adequate_to_good", sum(1 for r in improved if (r[0], r[1]) == (j.ADEQUATE, j.GOOD)),
                len(improved), "Of the LAs that improved, those from adequate to good")
        L.share(f"{k}.ri_declined_from_good", sum(1 for r in rows if (r[0], r[1]) == (j.GOOD, j.REQUIRES_IMPROVEMENT)),
                sif_now[j.REQUIRES_IMPROVEMENT],
                "Of all LAs judged requires improvement to be good under the SIF, those that had been good")
        declines = [r for r in moved if r[3] == j.DECLINED]
        L.add(f"{k}.all_declines_adequate_to_inadequate",
              len(declines) > 0 and all((r[0], r[1]) == (j.ADEQUATE, j.INADEQUATE) for r in declines),
              "Every decline was from adequate to inadequate")
        L.add(f"{k}.outstanding_either", sum(1 for r in rows if j.OUTSTANDING in (r[0], r[1])),
              "LAs judged outstanding at either inspection")
        groups = {before: {after: len(cells.get((before, after), [])) for after in j.GRADES}
                  for before in j.PREVIOUS_GRADES}
        figs.charts[chart] = tidy(groups, j.GRADES)
