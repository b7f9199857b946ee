"""The live preview keeps the figures between rebuilds while the data are
unchanged (``pipeline.build(kept=...)``): a template edit remakes only the
page, the page is what a fresh build makes, and a data edit computes the
figures again."""

import pandas as pd

from conftest import ROOT
from release import figures, pipeline


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_figures_are_kept_while_the_data_are_unchanged_and_computed_again_after_a_data_edit(data_copy, tmp_path,
                                                                                           monkeypatch):
    computed = []
    compute = figures.compute
    monkeypatch.setattr(figures, "compute", lambda *a, **k: computed.append(1) or compute(*a, **k))
    kept, cache = {}, ROOT / ".cache"

    def build(out):
        pipeline.build(data_copy, out=tmp_path / out, formats=("html",), quiet=True, cache_dir=cache, kept=kept)
        return files(tmp_path / out)

    fresh = build("first")
    first = len(computed)  # this release's figures and the previous release's
    assert first >= 1
    assert build("again") == fresh, "a build from kept figures is the same as one that computed them"
    assert len(computed) == first, "nothing in the data changed, so nothing was computed again"

    sif = pd.read_csv(data_copy / "sif_inspections.csv", dtype=str, keep_default_na=False)
    row = sif[(sif["publication_date"] > "2016-03-31") & (sif["overall_effectiveness"] == "Good")].index[0]
    sif.loc[row, "overall_effectiveness"] = "Requires improvement to be good"
    sif.to_csv(data_copy / "sif_inspections.csv", index=False, lineterminator="\n")
    edited = build("edited")
    assert len(computed) == 2 * first, "a data edit computes the figures again"
    assert edited["figures.json"] != fresh["figures.json"]
