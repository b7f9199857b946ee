"""Writing a release folder so that readers never see half of one.

Everything is written into a new folder beside the target. Only when every
stage has succeeded is it swapped into place; until then the previous
release stays exactly as it was. A build killed at any moment leaves at
worst a stray ``.tmp-`` folder, which the next build removes.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_folder(target: Path):
    """Yield a fresh folder to write the release into; on success, swap it
    into place at ``target``; on any failure, remove it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    _remove_stale(target)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _swap(work, target)


def _swap(work: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    os.chmod(work, 0o755)
    if target.exists():
        os.rename(target, old)
    os.rename(work, target)
    shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """A build killed between the two renames of a swap leaves the
    previous release as ``.old``: put it back."""
    old = target.with_name(f".{target.name}.old")
    if old.exists() and not target.exists():
        os.rename(old, target)


def _remove_stale(target: Path) -> None:
    for stale in target.parent.glob(f".{target.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
