"""The publication set besides the bulletin: the tables as accessible
spreadsheets (XLSX and ODS), the open data files with their metadata, and
the release's metadata beside them (``data/release.toml``, which the
series page reads). One stage of the build, written into its staged
output folder, so a failed build leaves the previous outputs untouched."""

import shutil
from pathlib import Path

from . import ods, opendata, spreadsheet
from .config import METADATA_FILE


def write(rel, figs, tables, work: Path) -> list[Path]:
    """Write the spreadsheets and open data files of the release into ``work``."""
    book = spreadsheet.workbook(rel, figs, tables)
    written = [spreadsheet.write_xlsx(book, work / spreadsheet.XLSX), ods.write_ods(book, work / spreadsheet.ODS)]
    written += opendata.write(rel, figs, tables, work)
    meta = work / opendata.FOLDER / METADATA_FILE
    shutil.copyfile(rel.folder / METADATA_FILE, meta)
    return written + [meta]
