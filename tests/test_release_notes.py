"""Release-only notes (release.toml [commentary]) are never dropped
silently: each is shown, or the build, --check and the QA report say why
not, naming the LA and offering the name meant."""

import re
from types import SimpleNamespace

from release.words.commentary import account, shown
from release.ledger import Ledger


def _ledger(before=(), since=(), reinspected=(), rose=True) -> Ledger:
    L = Ledger()
    L.add("homes.inspections_rose", rose, "rose")
    L.add("sif.inadequate_all_judgements.before", list(before), "named before")
    L.add("sif.inadequate_all_judgements.since", list(since), "named since")
    L.add("sif.reinspected_las", list(reinspected), "re-inspected")
    return L


def _release(*notes, sample=False, **slots):
    commentary = dict(slots)
    if notes:
        commentary["sif_inadequate_all_notes"] = [{"names": n, "text": f"A note about {', '.join(n)}."}
                                                  for n in notes]
    return SimpleNamespace(commentary=commentary, sample_data=sample)


def test_a_note_naming_an_la_as_the_bulletin_prints_it_is_shown():
    rel = _release(["Herefordshire"], ["Bristol, City of"])
    L = _ledger(before=["Herefordshire, County of", "Bristol, City of"])
    notes = account(rel, L)
    assert [n.shown for n in notes] == [True, True]
    assert shown(rel, L)["sif_inadequate_all_notes"] == ["A note about Herefordshire.",
                                                         "A note about Bristol, City of."]


def test_a_note_naming_an_la_the_sentence_does_not_name_says_which_and_what_the_sentence_names():
    rel = _release(["Sunderland", "Slough"])
    (note,) = account(rel, _ledger(before=["Birmingham", "Sunderland"]))
    assert not note.shown
    assert "'Slough'" in note.why and "names: Birmingham, Sunderland" in note.why


def test_a_misspelt_name_gets_did_you_mean():
    rel = _release(["Birmingam"])
    (note,) = account(rel, _ledger(before=["Birmingham"]), la_names=["Birmingham", "Bolton"])
    assert not note.shown and "did you mean 'Birmingham'?" in note.why


def test_a_note_about_an_la_now_counted_by_a_reinspection_says_so():
    rel = _release(["Birmingham"])
    (note,) = account(rel, _ledger(since=["Birmingham"], reinspected=["Birmingham"]))
    assert not note.shown and "Birmingham is now counted by a SIF re-inspection" in note.why


def test_an_increase_note_with_no_increase_says_why_it_is_not_shown():
    rel = _release(homes_inspections_increase="Why it rose.")
    (note,) = account(rel, _ledger(rose=False))
    assert not note.shown and "did not rise" in note.why
    assert shown(rel, _ledger(rose=False))["homes_inspections_increase"] == ""


def test_every_note_of_the_built_release_is_accounted_for_in_the_qa_report(built):
    report = (built / "qa-report.txt").read_text(encoding="utf-8")
    section = report.split("Release-only text (release.toml [commentary]):", 1)[1]
    assert re.search(r"\[\[commentary\.sif_inadequate_all_notes\]\] #1: shown", section)
    assert "[commentary] sample_data: shown" in section


def test_check_names_a_note_that_will_not_be_shown(data_copy):
    """``build.py --check``, through ``build.main`` in this process
    (``build_here``: its exit status and what it prints are the command
    line's; a new Python importing the build's libraries was most of the
    test's time)."""
    from conftest import build_here

    toml = data_copy / "release.toml"
    text = toml.read_text(encoding="utf-8").replace('names = ["Birmingham"]', 'names = ["Birmingam"]')
    toml.write_text(text, encoding="utf-8")
    result = build_here("--check", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if "sif_inadequate_all_notes]] #2" in l)
    assert "NOT SHOWN" in line and "'Birmingam'" in line and "did you mean 'Birmingham'?" in line
