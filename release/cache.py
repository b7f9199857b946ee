"""A content-addressed cache of drawn charts, maps and the laid-out PDF.

Each artefact is stored under a hash of exactly what it depends on: its
data, its description, and the code and library versions that draw it. An
unchanged input is found and not drawn again; any change to the data or the
code gives a new key, so the cache cannot go stale.
"""

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".cache"


def digest(*parts) -> str:
    """SHA-256 of the parts (bytes, text, or anything with a stable repr)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_version(*folders: str, packages: tuple[str, ...] = ()) -> str:
    """Hash of the source files in ``folders`` (folders or single files,
    relative to the project) and
    the versions of ``packages``: part of every key, so a code change
    invalidates what that code drew."""
    parts = []
    for folder in folders:
        root = ROOT / folder
        for path in ([root] if root.is_file() else sorted(root.rglob("*"))):
            if path.is_file() and path.suffix in (".py", ".csv", ".css", ".html", ".mplstyle"):
                parts += [str(path.relative_to(ROOT)), path.read_bytes()]
    for package in packages:
        parts.append(f"{package}=={metadata.version(package)}")
    return digest(*parts)


class Cache:
    """Artefacts by kind and key, as files under ``folder``. ``None`` as the
    folder turns caching off."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits: list[str] = []
        self.misses: list[str] = []

    def get(self, kind: str, name: str, key: str):
        if self.folder is None:
            self.misses.append(name)
            return None
        path = self.folder / kind / f"{key}.json"
        if path.is_file():
            self.hits.append(name)
            return json.loads(path.read_text(encoding="utf-8"))
        self.misses.append(name)
        return None

    def has(self, kind: str, key: str) -> bool:
        """Whether the cache holds ``key`` (without counting a hit or a miss)."""
        return self.folder is not None and (self.folder / kind / f"{key}.json").is_file()

    def put(self, kind: str, key: str, value: dict) -> None:
        if self.folder is None:
            return
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(value), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")

    def get_bytes(self, kind: str, name: str, key: str) -> bytes | None:
        if self.folder is None:
            self.misses.append(name)
            return None
        path = self.folder / kind / key
        if path.is_file():
            self.hits.append(name)
            return path.read_bytes()
        self.misses.append(name)
        return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / key)
