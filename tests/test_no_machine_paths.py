"""No absolute path of this machine in the project (issue 27): the shared
folder is found as ``$SHARED_DIR`` or ``../shared`` beside the project,
never by a path written into a file.

The pattern is put together from pieces so that this file does not match
itself: the machine's work folder at the root, followed by a path.
"""

import re
import subprocess

from conftest import ROOT

ROOT_FOLDER = "work"
MACHINE_PATH = re.compile("/" + ROOT_FOLDER + r"/[\w.$-]")


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]


def test_the_pattern_finds_a_machine_path_and_not_a_web_address():
    assert MACHINE_PATH.search("see " + "/" + ROOT_FOLDER + "/shared/geo/README.md")
    assert not MACHINE_PATH.search("https://www.gov.uk/government/publications/working-together")


def test_no_tracked_file_holds_an_absolute_path_of_this_machine():
    found = []
    for path in tracked_files():
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # a binary file (a font, a PDF)
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
            if MACHINE_PATH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "absolute paths of this machine (use ../shared or $SHARED_DIR):\n" + "\n".join(found)
