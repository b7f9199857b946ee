"""The build is laid out in Liberation Sans; on a machine without it the
build stops and names the Debian package, or with --allow-font-fallback
warns and goes on."""

import shutil

import pytest

from conftest import build_here
from release.outputs import fonts


def test_the_designed_fonts_are_installed_here():
    assert fonts.missing() == []


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_without_the_fonts_the_build_stops_naming_the_package(tmp_path, monkeypatch):
    # A fontconfig that knows no font directory: as a machine without fonts
    # (fc-list, which the check asks, runs with this process's environment).
    # The command line runs in this process (build.main, its exit status):
    # the check stops it before it reads anything.
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    out = tmp_path / "out"
    result = build_here("--release", "2016-09", "--out", str(out), "--no-cache", "--format", "html")
    assert result.returncode == 1
    assert "Liberation Sans" in result.stderr and "fonts-liberation2" in result.stderr
    assert "--allow-font-fallback" in result.stderr
    assert not out.exists()


def test_with_the_option_a_missing_font_is_a_warning(monkeypatch):
    monkeypatch.setattr(fonts, "missing", lambda: ["Bold"])
    said = []
    fonts.check(allow_fallback=True, warn=said.append)
    assert len(said) == 1 and "fonts-liberation2" in said[0] and "Liberation Sans (Bold)" in said[0]
    with pytest.raises(Exception, match="fonts-liberation2"):
        fonts.check(allow_fallback=False)
