"""The key points of the 2016-09 bulletin say what the published release
says, computed from the sample data."""

import pytest

from bulletin_text import build_text, paragraph
from conftest import DATA


@pytest.fixture(scope="module")
def text():
    return build_text(DATA)[0]


def test_la_judgement_profile_improved(text):
    assert "The judgement profile of local authorities (LAs) has improved." in text
    p = paragraph(text, "Under the framework for inspecting services")
    assert "there has been an increase to 28% of LAs judged to be good or better at 30 September 2016, from 26% at 31 March 2016." in p
    assert "There has also been a decrease in LAs judged inadequate from 24% to 23%." in p


def test_good_las_in_every_region(text):
    assert "There are now LAs in every region judged to be good or better under the SIF." in text
    p = paragraph(text, "achieved overall effectiveness judgements of good or better")
    assert p.startswith("Cornwall and the Isles of Scilly achieved")
    assert "meaning the South West now has LAs judged good for the first time." in p


def test_state_of_the_nation_keeps_improving(text):
    assert "continued the trend of an increasing proportion of homes judged good or better" in text
    p = paragraph(text, "of homes were judged good or better. This is")
    assert p == ("At 30 September 2016, 81% of homes were judged good or better. "
                 "This is an increase from 79% at 31 March 2016 and 75% at 30 September 2015.")


def test_north_did_better_than_midlands_and_south(text):
    assert "Homes inspected in the north had better inspection outcomes than homes in the midlands or south" in text
    assert ("Inspections in the north resulted in 81% good or better judgements. "
            "The midlands had 72% and the south 66%.") in text


def test_homes_inadequate_then_reinspected(text):
    p = paragraph(text, "homes judged inadequate, ")
    assert p == ("Of the 54 homes judged inadequate, just under three quarters (39 homes) improved, "
                 "16 of which improved to good or better.")
