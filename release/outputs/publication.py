"""The publication set besides the bulletin: the tables as accessible
spreadsheets (XLSX and ODS), the open data files with their metadata, and
the release's metadata beside them (``data/release.toml``, which the
series page reads). One stage of the build, written into its staged
output folder, so a failed build leaves the previous outputs untouched.

The files are kept in the build cache under a hash of everything they
depend on (the release's source files and the code that turns them into
figures and files, with the library versions), so an unchanged release is
not written afresh: a rebuild copies them.
"""

import shutil
from pathlib import Path

from . import opendata, spreadsheet
from ..cache import Cache, code_version, digest
from ..inputs.config import METADATA_FILE

PACKAGES = ("pandas", "gptables", "XlsxWriter", "odfpy")


def write(rel, figs, tables, work: Path, cache: Cache | None = None) -> list[Path]:
    """Write the spreadsheets and open data files of the release into ``work``."""
    key = _key(rel) if cache is not None and cache.folder is not None else None
    names = cache.get("publication", "publication", key) if key else None
    if names is not None:
        found = {name: cache.get_bytes("publication", name, digest(key, name)) for name in names["files"]}
        if all(data is not None for data in found.values()):
            for name, data in found.items():
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                (work / name).write_bytes(data)
            return [work / name for name in found]
    written = _write(rel, figs, tables, work)
    if key:
        names = [str(p.relative_to(work)) for p in written]
        for name in names:
            cache.put_bytes("publication", digest(key, name), (work / name).read_bytes())
        cache.put("publication", key, {"files": names})
    return written


def _write(rel, figs, tables, work: Path) -> list[Path]:
    from . import ods

    book = spreadsheet.workbook(rel, figs, tables)
    written = [spreadsheet.write_xlsx(book, work / spreadsheet.XLSX), ods.write_ods(book, work / spreadsheet.ODS)]
    written += opendata.write(rel, figs, tables, work)
    meta = work / opendata.FOLDER / METADATA_FILE
    shutil.copyfile(rel.folder / METADATA_FILE, meta)
    return written + [meta]


def _key(rel) -> str:
    """What the files depend on: every source file of the release, the
    code from source files to figures to these files, and the libraries."""
    sources = sorted(p for p in Path(rel.folder).iterdir() if p.is_file())
    code = code_version("release", "charts/specs.py", "charts/map_specs.py", packages=PACKAGES)
    return digest(code, *[part for p in sources for part in (p.name, p.read_bytes())])
