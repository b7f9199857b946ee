"""Rebuilds redo only what changed, and a cached build equals a clean one."""

import pandas as pd

from release import pipeline


def build(data, out, cache):
    _, used = pipeline.build(data, out=out, formats=("html", "pdf"), quiet=True, cache_dir=cache)
    return used


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_one_changed_judgement_redraws_exactly_what_shows_it(data_copy, tmp_path):
    cache = tmp_path / "cache"
    first = build(data_copy, tmp_path / "a", cache)
    assert first.hits == []

    again = build(data_copy, tmp_path / "a", cache)
    assert again.misses == [], "nothing changed, so nothing is redrawn"

    # One LA inspected since the last report changes from good to requires improvement.
    sif = pd.read_csv(data_copy / "sif_inspections.csv", dtype=str, keep_default_na=False)
    row = sif[(sif["publication_date"] > "2016-03-31") & (sif["overall_effectiveness"] == "Good")
              & (sif["lscb_overall_effectiveness"] != "")].index[0]
    sif.loc[row, "overall_effectiveness"] = "Requires improvement to be good"
    sif.to_csv(data_copy / "sif_inspections.csv", index=False, lineterminator="\n")

    changed = build(data_copy, tmp_path / "a", cache)
    assert sorted(changed.misses) == sorted([
        "sif_oe", "sif_key_judgements", "sif_oe_by_region", "cin_by_sif_oe_by_region", "la_sif_oe", "release.pdf",
        # the same four charts and the map drawn for a phone
        "sif_oe (phone)", "sif_key_judgements (phone)", "sif_oe_by_region (phone)",
        "cin_by_sif_oe_by_region (phone)", "la_sif_oe (phone)",
        "publication",  # the spreadsheets and open data files, which hold every LA's judgement
    ])

    clean = build(data_copy, tmp_path / "b", None)
    assert files(tmp_path / "a") == files(tmp_path / "b")
