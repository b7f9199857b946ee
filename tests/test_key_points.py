"""The key points of the 2016-09 bulletin, built from the sample data, are
the key points Ofsted published, word for word: every number and every
word that depends on one comes out of the records."""

import pytest

from bulletin_text import build_text
from conftest import DATA, SHARED

REFERENCE = SHARED / "reference" / "ofsted-la-and-childrens-homes-2016-09-30.txt"

#: The published key points (headline, then its paragraph), as printed in
#: the release of 15 December 2016. Kept here as well as read from the
#: reference text, so the test runs where the reference is not mounted.
PUBLISHED = [
    "The judgement profile of local authorities (LAs) has improved.",
    "Under the framework for inspecting services for children in need of help and protection, children looked "
    "after and care leavers (SIF), there has been an increase to 28% of LAs judged to be good or better at 30 "
    "September 2016, from 26% at 31 March 2016. There has also been a decrease in LAs judged inadequate from 24% "
    "to 23%.",
    "There are now LAs in every region judged to be good under the SIF.",
    "Cornwall and the Isles of Scilly achieved overall effectiveness judgements of good, meaning the South West "
    "now has LAs judged good for the first time.",
    "The state of the nation picture for children’s homes continued the trend of an increasing proportion of "
    "homes judged good or better.",
    "At 30 September 2016, 81% of homes were judged good or better. This is an increase from 79% at 31 March "
    "2016 and 75% at 30 September 2015.",
    "Homes inspected in the north had better inspection outcomes than homes in the midlands or south, between "
    "April and September 2016.",
    "Inspections in the north resulted in 81% good or better judgements. The midlands had 72% and the south 66%.",
    "A large majority of homes judged inadequate in their first full inspection between April and September "
    "2016 improved at their subsequent re-inspection.",
    "Of the 54 homes judged inadequate, just under three quarters (39 homes) improved, 16 of which improved to "
    "good.",
]


@pytest.fixture(scope="module")
def key_points():
    text = build_text(DATA)[0].splitlines()
    start = len(text) - text[::-1].index("Key points")  # the heading, not the contents entry
    return text[start:text.index("Introduction", start)]


def test_the_key_points_are_the_published_key_points_word_for_word(key_points):
    assert key_points == PUBLISHED


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference text is not mounted here")
def test_the_transcription_above_is_the_reference_text():
    reference = " ".join(REFERENCE.read_text(encoding="utf-8").split())
    for sentence in PUBLISHED:
        assert sentence in reference, sentence
