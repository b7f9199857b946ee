"""The build pauses Python's cycle collector while it runs (release/
collector.py) and switches it back on after, whatever happens."""

import gc

import pytest

from release.collector import without_cycle_collection


def test_the_collector_is_paused_inside_and_back_on_after():
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
        with without_cycle_collection():  # the PDF stage inside the build
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner pause must not switch the collector back on early"
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_failed_build():
    with pytest.raises(RuntimeError):
        with without_cycle_collection():
            raise RuntimeError("bad data")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
