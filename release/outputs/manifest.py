"""A release folder's manifest: what was built, and from what.

``dist/<release>/manifest.json`` lists every output file with its size and
SHA-256, and a digest of everything the build read: the release's data
files, the templates, the build's code, the options it was given, and the
versions of Python and of the libraries that compute, draw and lay out.

When a build is asked for and the inputs' digest equals the manifest's,
the outputs are checked against the manifest and, if every file is there
unchanged, nothing is rebuilt: that takes a fraction of a second and
imports none of pandas, matplotlib or WeasyPrint. Any change to an input,
or an output changed, added or deleted since, means a full build.

This module uses the standard library only, so that the no-change path
stays quick.
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NAME = "manifest.json"

#: What the build's code is: the command line, the build and drawing
#: packages, the templates and the project's dependency list.
CODE = ("build.py", "pyproject.toml", "release", "charts", "templates")

#: Libraries whose version can change an output.
LIBRARIES = ("jinja2", "markupsafe", "pandas", "numpy", "pandera", "num2words", "matplotlib", "afcharts",
             "pyproj", "shapely", "pillow", "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2",
             "tinyhtml5")


def inputs_digest(data_dir: Path, options: dict, root: Path = ROOT) -> str:
    """SHA-256 of everything a build of ``data_dir`` with ``options`` reads
    (``options``: anything that changes the outputs, e.g. formats and the
    boundary file's path; a boundary file's bytes are added here)."""
    h = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        for part in (label.encode("utf-8"), data):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)

    for path in _files(Path(data_dir)):
        add("data:" + path.relative_to(data_dir).as_posix(), path.read_bytes())
    # A release reads the releases before it (their metadata, records and
    # published figures): a change there changes this release's outputs.
    for folder in _previous_folders(Path(data_dir)):
        for path in _files(folder):
            add(f"previous:{folder.name}/" + path.relative_to(folder).as_posix(), path.read_bytes())
    for name in CODE:
        base = root / name
        for path in _files(base):
            add("code:" + path.relative_to(root).as_posix(), path.read_bytes())
    boundaries = options.get("boundaries")
    if boundaries:
        add("boundaries", Path(boundaries).read_bytes())
    add("options", json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    add("versions", json.dumps(library_versions(), sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def data_digest(data_dir: Path) -> str:
    """SHA-256 of the data a release's figures are computed from: its own
    folder and the folders of the releases before it (not the code, the
    templates or the options). The live preview reuses the figures while it
    is unchanged."""
    h = hashlib.sha256()
    for folder in (Path(data_dir), *_previous_folders(Path(data_dir))):
        for path in _files(folder):
            for part in (path.relative_to(folder.parent).as_posix().encode("utf-8"), path.read_bytes()):
                h.update(len(part).to_bytes(8, "big"))
                h.update(part)
    return h.hexdigest()


def _previous_folders(data_dir: Path) -> list[Path]:
    """The folders of the releases before this one (``previous = "..."`` in
    each release.toml), nearest first; the standard library only."""
    import tomllib

    found, folder = [], data_dir
    while True:
        try:
            prev = tomllib.loads((folder / "release.toml").read_text(encoding="utf-8-sig"))["release"]["previous"]
        except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
            return found
        folder = data_dir.parent / str(prev)
        if not folder.is_dir() or folder in found or folder == data_dir:
            return found
        found.append(folder)


def _files(base: Path) -> list[Path]:
    if base.is_file():
        return [base]
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


def library_versions() -> dict[str, str]:
    """Python's version and each library's, read in one pass over the
    installed distributions (looking each up on its own is slower)."""
    wanted = {_normal(n) for n in LIBRARIES}
    found = {}
    for dist in metadata.distributions():
        # The folder's name (``Jinja2-3.1.4.dist-info``) says which
        # distribution it is without parsing its metadata, which is most of
        # the time taken here: only the libraries wanted are parsed.
        folder = _normal(getattr(dist, "_normalized_name", None) or "")
        if folder and folder not in wanted:
            continue
        name = _normal(dist.metadata["Name"] or "")
        if name in wanted and name not in found:
            found[name] = dist.version
    versions = {n: found.get(n, "absent") for n in sorted(wanted)}
    versions["python"] = sys.version.split()[0]
    return versions


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def write(folder: Path, inputs: str) -> Path:
    """Write the manifest of ``folder`` (every file in it but the manifest)."""
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != NAME:
            files[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    out = folder / NAME
    out.write_text(json.dumps({"inputs": inputs, "files": files}, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    return out


def unchanged(folder: Path, inputs: str) -> bool:
    """True if ``folder`` was built from exactly ``inputs`` and holds
    exactly the files its manifest lists, each of the listed size and
    SHA-256."""
    try:
        recorded = json.loads((folder / NAME).read_text(encoding="utf-8"))
        files = recorded["files"]
        if recorded["inputs"] != inputs:
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {NAME}
    if present != set(files):
        return False
    for name, entry in files.items():
        path = folder / name
        if path.stat().st_size != entry.get("size") or _sha256(path) != entry.get("sha256"):
            return False
    return True


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def options(formats, boundaries, review: bool = False) -> dict:
    """The build options that change what is built, as the digest sees them
    (``review`` only when set, so plain builds keep their digest)."""
    found = {"formats": sorted(formats), "boundaries": str(Path(boundaries).resolve()) if boundaries else None}
    if review:
        found["review"] = True
    return found


def up_to_date(data_dir: Path, out: Path | None, formats, boundaries, review: bool = False) -> Path | None:
    """The release folder, if it was last built from exactly these inputs
    and still holds exactly what it was built with; else None (build)."""
    from ..inputs.config import load_release
    from ..errors import ReleaseError

    try:
        rel = load_release(data_dir)
    except (ReleaseError, OSError):
        return None  # the full build reports it
    target = Path(out) if out else ROOT / "dist" / rel.id
    if not (target / NAME).is_file():
        return None
    if unchanged(target, inputs_digest(data_dir, options(formats, boundaries, review))):
        return target
    return None
