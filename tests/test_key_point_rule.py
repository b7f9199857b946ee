"""The salience rule of release/figures/key_points.py, on candidates built
here from percentages and bases: the largest material movement of each
domain is always a key point, a change below the threshold never is, a
domain with nothing material is said as stable, a sharp fall leads its
domain, pins and drops overrule the rule and the QA report says so; and,
on each release in data/, the key points hold each domain's largest
material movement and nothing below the threshold that was not pinned."""

import math
from pathlib import Path

import pytest

from release.figures import key_points as kp
from release.figures import materiality as m

ROOT = Path(__file__).resolve().parent.parent


def cand(name, domain, before, after, base=100, base_before=None, kind="change", section=None):
    """A change candidate: ``before``% of ``base_before`` to ``after``% of ``base``."""
    ch = m.change((before, base_before or base), (after, base))
    sec = section or {"la": "sif-oe", "lscb": "lscb-oe", "homes_state": "homes-state",
                      "homes_period": "homes-period"}[domain]
    return kp.Candidate(name, domain, kind, sec, name, (name,), change=ch, base=min(ch.bases),
                        score=round(kp.score_of(ch), 1), eligible=ch.material)


def headline(domain, before, after, base=100):
    return cand(kp.HEADLINE[domain], domain, before, after, base, kind="profile")


def with_shares(c, before, after, base):
    """Give a candidate the shares the stable rule reads (a base to say)."""
    class S:
        def __init__(self, v, n):
            self.value, self.base_value, self.count_value = v, n, round(v * n / 100)
    c.before, c.after = S(before, base), S(after, base)
    return c


def flat_release():
    """Every domain's headline unchanged, and small movements elsewhere."""
    return [with_shares(headline("la", 28, 28, 150), 28, 28, 150),
            cand("la.region.london", "la", 40, 42, 30, section="sif-regions"),
            with_shares(headline("lscb", 34, 34, 140), 34, 34, 140),
            with_shares(headline("homes_state", 79, 79, 2000), 79, 79, 2000),
            cand("homes.state.region.london", "homes_state", 70, 71, 130),
            with_shares(headline("homes_period", 79, 80, 1000), 79, 80, 1000),
            cand("homes.region.london", "homes_period", 70, 72, 120, section="homes-regions")]


def test_the_score_is_points_times_the_square_root_of_the_smaller_base():
    ch = m.change((79, 900), (70, 1000))
    assert kp.score_of(ch) == 9 * math.sqrt(900)
    assert kp.score_of(ch, turn=True) == 9 * math.sqrt(900) * kp.TURN_WEIGHT
    # Three points on England's inspections outrank ten on a region's thirty.
    assert kp.score_of(m.change((79, 1000), (76, 1000))) > kp.score_of(m.change((60, 30), (70, 30)))


def test_with_no_change_anywhere_every_domain_reads_as_stable():
    cands = flat_release()
    chosen = kp.choose(cands)
    assert [c.name for c in chosen] == [kp.HEADLINE[d] for d, _ in kp.DOMAINS]
    assert all(c.stable for c in chosen)
    assert kp.broken(cands, chosen) == []


def test_a_change_below_the_threshold_is_never_a_key_point():
    for points in (1, 2):
        cands = flat_release() + [cand("homes.sector.private", "homes_period", 80, 80 - points, 1400)]
        chosen = kp.choose(cands)
        assert "homes.sector.private" not in [c.name for c in chosen]
    # A large change on a base below FEW_TO_RANK is not material either.
    cands = flat_release() + [cand("la.region.north_east", "la", 20, 60, m.FEW_TO_RANK - 1, section="sif-regions")]
    assert "la.region.north_east" not in [c.name for c in kp.choose(cands)]


def test_one_domain_falls_sharply_while_the_others_are_flat():
    cands = flat_release()
    cands[5] = with_shares(headline("homes_period", 79, 70, 1000), 79, 70, 1000)
    cands.append(cand("homes.region.north_east", "homes_period", 80, 46, 40, section="homes-regions"))
    chosen = kp.choose(cands)
    period = [c for c in chosen if c.domain == "homes_period"]
    assert period[0].name == "homes.period.profile" and period[0].change.direction == "down"
    assert not period[0].stable
    for c in chosen:
        if c.domain != "homes_period":
            assert c.stable, c.name
    # The domains keep the bulletin's order.
    order = [d for d, _ in kp.DOMAINS]
    assert [order.index(c.domain) for c in chosen] == sorted(order.index(c.domain) for c in chosen)


def test_the_largest_movement_of_each_domain_appears_and_leads_it():
    cands = flat_release() + [
        cand("la.hp", "la", 25, 35, 140, section="sif-key"),
        cand("la.adoption", "la", 50, 45, 140, section="sif-sub"),
        cand("homes.state.region.east_of_england", "homes_state", 87, 74, 140),
        cand("homes.sector.voluntary", "homes_period", 60, 80, 150, section="homes-sector"),
        cand("homes.region.west_midlands", "homes_period", 82, 75, 330, section="homes-regions"),
    ]
    chosen = kp.choose(cands)
    names = [c.name for c in chosen]
    for lead in ("la.hp", "homes.state.region.east_of_england", "homes.sector.voluntary"):
        assert lead in names
        assert [c for c in chosen if c.domain == chosen[names.index(lead)].domain][0].name == lead
    assert len(chosen) <= kp.CAP
    assert kp.broken(cands, chosen) == []


def test_a_cap_of_six_on_what_is_chosen_by_score():
    cands = flat_release() + [cand(f"homes.region.r{i}", "homes_period", 60, 70 + i, 200, section="homes-regions")
                              for i in range(9)]
    chosen = kp.choose(cands)
    assert len(chosen) == kp.CAP
    assert "homes.region.r8" in [c.name for c in chosen]   # the largest
    assert "homes.region.r0" not in [c.name for c in chosen]
    left = next(c for c in cands if c.name == "homes.region.r0")
    assert left.reason == f"eligible, but below the cap of {kp.CAP}"


def test_a_pin_shows_a_candidate_the_rule_left_out_and_a_drop_removes_one_it_chose():
    cands = flat_release() + [cand("homes.sector.voluntary", "homes_period", 60, 80, 150, section="homes-sector")]
    by_rule = [c.name for c in kp.choose(cands)]
    assert "homes.sector.voluntary" in by_rule and "la.region.london" not in by_rule
    chosen = kp.choose(cands, pin=["la.region.london"], drop=["homes.sector.voluntary"])
    names = [c.name for c in chosen]
    assert "la.region.london" in names and "homes.sector.voluntary" not in names
    lines = kp.overruled(cands, chosen, by_rule, ["la.region.london"], ["homes.sector.voluntary"])
    assert any(line.startswith("pinned la.region.london: shown; the rule would have left it out") for line in lines)
    assert any(line.startswith("dropped homes.sector.voluntary: left out; the rule would have chosen it")
               for line in lines)
    assert kp.broken(cands, chosen) == []


def test_every_candidate_of_every_release_has_a_known_name_and_the_rule_holds():
    from bulletin_text import _figures

    for rid in ("2016-03", "2016-09", "2017-03"):
        _, figs, _ = _figures(ROOT / "data" / rid)
        cands, chosen = figs.lists["key_point_candidates"], figs.lists["key_points"]
        assert {c.name for c in cands} <= set(kp.known_names())
        assert len({c.name for c in cands}) == len(cands)
        assert kp.broken(cands, chosen) == [], rid
        for c in chosen:
            # Nothing below the threshold unless pinned or said as stable.
            assert c.eligible or c.pinned or c.stable, (rid, c.name)
        for domain, _ in kp.DOMAINS:
            movements = sorted((c for c in cands if c.domain == domain and c.eligible and c.kind in ("change", "profile")),
                               key=lambda c: (-c.score, c.name))
            if movements:
                assert movements[0] in chosen, (rid, domain)
                assert [c for c in chosen if c.domain == domain][0] is movements[0], (rid, domain)


def test_each_change_is_recounted_from_the_ledger_shares():
    """A candidate's change is its two published percentages and bases."""
    from bulletin_text import _figures

    _, figs, _ = _figures(ROOT / "data" / "2017-03")
    for c in figs.lists["key_point_candidates"]:
        if c.kind == "change" and c.change is not None:
            assert (c.change.before, c.change.after) == (c.before.value, c.after.value)
            assert c.change.bases == (c.before.base_value, c.after.base_value)
            assert c.change.points == c.after.value - c.before.value
            assert c.score == round(kp.score_of(c.change, c.turn), 1)


def test_built_from_data_a_sharp_fall_leads_its_domain_and_flat_domains_read_as_stable(tmp_path):
    """Constructed data: no LA inspection published since the last cut-off
    (LAs and LSCBs flat), and every home inspected in the period judged
    inadequate (a sharp fall against the same period a year earlier)."""
    import dataclasses

    import pandas as pd

    from any_data import write
    from bulletin_text import build_text
    from test_any_data import ORDINARY, problems_in

    folder = write(dataclasses.replace(ORDINARY, sif_before=1.0), tmp_path / "fall")
    path = folder / "homes_inspections.csv"
    ev = pd.read_csv(path, dtype=str, keep_default_na=False)
    in_period = (ev["event_type"] == "Full") & ev["inspection_date"].between("2015-10-01", "2016-03-31")
    ev.loc[in_period, "overall_effectiveness"] = "Inadequate"
    ev.to_csv(path, index=False)
    text, figs = build_text(folder)
    chosen = figs.lists["key_points"]
    period = [c for c in chosen if c.domain == "homes_period"]
    # The fall leads: England's profile, worse (good or better down, or inadequate up).
    lead = period[0]
    assert lead.name == "homes.period.profile" and lead.change.material and not lead.stable
    assert lead.change.direction == ("up" if lead.lead_second else "down")
    # Recounted with pandas: the share good or better a year earlier, and now none.
    then = ev[(ev["event_type"] == "Full") & ev["inspection_date"].between("2014-10-01", "2015-03-31")]
    assert figs.ledger["homes.oe.good_or_better"].count_value == 0
    assert figs.ledger["homes.comparison.oe.good_or_better"].base_value <= len(then)
    for domain in ("la", "lscb"):
        mine = [c for c in chosen if c.domain == domain]
        assert [c.stable for c in mine] == [True], domain
    kp_text = text[text.rindex("Key points"):text.index("\nIntroduction", text.rindex("Key points"))]
    assert "judged good or better was unchanged at" in kp_text
    assert "judged good or better decreased from" in kp_text
    assert problems_in(text, figs) == []
