"""The fonts the release is designed for. The charts' text and the PDF's
pages are laid out in Liberation Sans (Arial's metrics); on a machine
without it, fontconfig quietly substitutes another sans serif (DejaVu Sans
is wider), and the PDF comes out with other line breaks and more pages. So
the build checks first, and stops naming the Debian package to install,
unless told to go on with a warning."""

import functools
import shutil
import subprocess
from pathlib import Path

from ..errors import ReleaseError

#: Family and styles used, and the Debian package that provides them.
FAMILY = "Liberation Sans"
STYLES = ("Regular", "Bold")
PACKAGE = "fonts-liberation2"

#: Where font files live when fontconfig's fc-list is not there to ask.
_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
              Path.home() / ".fonts")


def missing() -> list[str]:
    """The styles of the family that are not installed, e.g. ["Bold"]."""
    listed = _fc_list("style")
    if listed is not None:
        styles = {s.strip() for line in listed for s in line.split("=", 1)[-1].split(",")}
    else:
        styles = {p.stem.split("-", 1)[1] for p in _files_in_font_dirs()}
    return [s for s in STYLES if s not in styles]


@functools.cache
def installed() -> tuple[str, ...]:
    """Each file of the family installed here, with its version (one line
    of fontconfig's list each), read once a process: part of the key under
    which the cache keeps a chart's drawing and a laid-out PDF, which
    embed the font's glyphs, so that a version installed or removed draws
    and lays them out again rather than serving what the other drew."""
    listed = _fc_list("file", "style", "fontversion")
    if listed is None:
        listed = [f"{p}: {p.stat().st_size} bytes" for p in _files_in_font_dirs()]
    return tuple(sorted(listed))


def files() -> list[str]:
    """The paths of the family's files installed here (``installed``)."""
    return [line.split(": ", 1)[0] for line in installed()]


def _fc_list(*fields: str) -> list[str] | None:
    """fontconfig's list of the family's files, a line each with
    ``fields``; None where fc-list is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    return subprocess.run([fc_list, FAMILY, *fields], capture_output=True, text=True, timeout=30).stdout.splitlines()


def _files_in_font_dirs() -> list[Path]:
    """The family's files where fonts live, found by name (without fontconfig)."""
    return [p for folder in _FONT_DIRS if folder.is_dir() for p in folder.rglob("LiberationSans-*")]


def check(allow_fallback: bool = False, warn=print) -> None:
    """Stop the build if the fonts are missing; with ``allow_fallback``,
    say so through ``warn`` and go on."""
    absent = missing()
    if not absent:
        return
    what = f"{FAMILY} ({', '.join(absent)})"
    if allow_fallback:
        warn(f"warning: the font {what} is not installed; the charts and PDF are laid out in a substitute "
             f"font, with other line breaks and page numbers. Install the Debian package {PACKAGE}.")
        return
    raise ReleaseError(f"the font {what} is not installed, and the charts and PDF are designed for it "
                       f"(without it they come out in another font, with other line breaks and more pages). "
                       f"Install the Debian package {PACKAGE} (apt-get install {PACKAGE}, or run ./install.sh), "
                       f"or build with --allow-font-fallback to go on with a warning.")
