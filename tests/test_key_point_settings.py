"""Overruling the key points in release.toml: ``[key_points] pin`` and
``drop`` change the printed key points and are recorded in qa-report.txt;
``--check`` refuses a name no candidate has, naming the file, the name and
the names it knows. And the earlier positions the candidates compare with
(LSCBs and each region's LAs at the previous cut-off) recounted with plain
pandas."""

import re

import pandas as pd

from bulletin_text import build_text
from conftest import DATA, build_here, run_build
from release.review import qa
from release.figures.key_points import known_names


def set_key_points(folder, pin, drop):
    path = folder / "release.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\[key_points\]\n(?:[a-z]+ = .*\n)*", "\n", text)
    text += f"\n[key_points]\npin = {pin!r}\ndrop = {drop!r}\n".replace("'", '"')
    path.write_text(text, encoding="utf-8")


def test_a_pin_and_a_drop_change_the_key_points_and_appear_in_the_qa_report(data_copy):
    figs = build_text(DATA)[1]   # the sample as it is (computed once a process), then the copy changed
    by_rule = [c.name for c in figs.lists["key_points"]]
    assert "homes.region.yorkshire_and_the_humber" in by_rule and "homes.sector.local_authority" not in by_rule
    set_key_points(data_copy, ["homes.sector.local_authority"], ["homes.region.yorkshire_and_the_humber"])
    text, figs = build_text(data_copy)
    chosen = [c.name for c in figs.lists["key_points"]]
    assert "homes.sector.local_authority" in chosen and "homes.region.yorkshire_and_the_humber" not in chosen
    key_points = text[text.rindex("Key points"):text.index("\nIntroduction", text.rindex("Key points"))]
    assert "local authority-run homes judged good or better increased from 72% to 76%" in key_points
    assert "Yorkshire and The Humber" not in key_points
    report = qa.run(figs)
    assert report.passed
    out = report.text()
    assert "Key points: the salience rule and release.toml [key_points]:" in out
    assert "pinned homes.sector.local_authority: shown; the rule would have left it out" in out
    assert "dropped homes.region.yorkshire_and_the_humber: left out; the rule would have chosen it" in out
    assert "[pass] key points follow the salience rule" in out


def test_check_refuses_an_unknown_key_point_name(data_copy):
    """A ``build.py --check`` process of its own: the exit status as a shell
    sees it (test_a_name_both_pinned_and_dropped_is_refused runs the same
    command line in this process)."""
    set_key_points(data_copy, ["homes.area", "homes.regoin.london"], [])
    result = run_build("--data", str(data_copy), "--check")
    assert result.returncode == 1
    message = result.stdout + result.stderr
    assert "2016-09/release.toml" in message
    assert "homes.regoin.london" in message
    assert "'homes.region.london'?" in message
    assert "homes.twice.improved" in message   # the known names are listed


def test_a_name_both_pinned_and_dropped_is_refused(data_copy):
    set_key_points(data_copy, ["homes.area"], ["homes.area"])
    result = build_here("--data", str(data_copy), "--check")
    assert result.returncode == 1
    assert "a name not also pinned" in result.stdout + result.stderr


def test_the_known_names_are_unique():
    assert len(known_names()) == len(set(known_names()))


def _previous_position():
    """Each LA's latest SIF inspection published by the previous cut-off,
    counted with pandas from the files."""
    import tomllib

    meta = tomllib.loads((DATA / "release.toml").read_text(encoding="utf-8"))
    prev = tomllib.loads((DATA.parent / meta["release"]["previous"] / "release.toml").read_text(encoding="utf-8"))
    cut, to = pd.Timestamp(prev["sif"]["published_by"]), pd.Timestamp(meta["sif"]["inspected_to"])
    sif = pd.read_csv(DATA / "sif_inspections.csv", dtype=str, keep_default_na=False,
                      parse_dates=["inspection_date", "publication_date"])
    sif = sif[(sif["publication_date"] <= cut) & (sif["inspection_date"] <= to)]
    latest = sif.sort_values("inspection_date").groupby("la_code").tail(1)
    las = pd.read_csv(DATA / "local_authorities.csv", dtype=str, keep_default_na=False)
    return latest.merge(las[["la_code", "region"]], on="la_code")


def test_the_earlier_positions_recounted_with_pandas():
    figs = build_text(DATA)[1]   # read only, computed once a process
    L = figs.ledger
    before = _previous_position()
    lscb = before[before["lscb_overall_effectiveness"] != ""]["lscb_overall_effectiveness"]
    assert L["kp.lscb.previous.good_or_better"].count_value == int(lscb.isin(["Outstanding", "Good"]).sum())
    assert L["kp.lscb.previous.good_or_better"].base_value == len(lscb)
    assert L["kp.lscb.previous.inadequate"].count_value == int((lscb == "Inadequate").sum())
    for region, rows in before.groupby("region"):
        slug = "".join(c if c.isalnum() else "_" for c in region.lower()).replace("__", "_")
        share = L[f"kp.sif.region.{slug}.previous.good_or_better"]
        assert share.base_value == len(rows), region
        assert share.count_value == int(rows["overall_effectiveness"].isin(["Outstanding", "Good"]).sum()), region


def test_the_las_newly_inadequate_in_every_judgement_recounted_with_pandas():
    """LAs inadequate in all five judgements at the reporting date by an
    inspection the previous cut-off had not published."""
    import tomllib

    figs = build_text(DATA)[1]   # read only, computed once a process
    meta = tomllib.loads((DATA / "release.toml").read_text(encoding="utf-8"))
    sif = pd.read_csv(DATA / "sif_inspections.csv", dtype=str, keep_default_na=False,
                      parse_dates=["inspection_date", "publication_date"])
    now = sif[(sif["publication_date"] <= pd.Timestamp(meta["sif"]["published_by"]))
              & (sif["inspection_date"] <= pd.Timestamp(meta["sif"]["inspected_to"]))]
    now = now.sort_values("inspection_date").groupby("la_code").tail(1)
    judgements = ["help_and_protection", "looked_after", "leadership", "adoption", "care_leavers"]
    inadequate = now[(now[judgements] == "Inadequate").all(axis=1)]
    earlier = set(_previous_position()["inspection_id"])
    joined = inadequate[~inadequate["inspection_id"].isin(earlier)]
    assert figs.ledger["kp.la.inadequate_all_judgements.joined"].value == len(joined)
