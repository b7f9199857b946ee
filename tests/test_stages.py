"""Imports point one way, down the flow of the data:

    inputs -> figures -> words, charts -> outputs -> review

A module may import from its own stage and the stages before it, never from
a later one; the foundation (errors, numbers, periods, the ledger, the
cache and the build's machinery) is imported by every stage and imports no
stage; the orchestration (the build's pipeline and the release series) runs
the stages, so it may import any of them, and no stage imports it, except
the two review tools that run a build themselves as ``build.py`` does (the
live preview, and ``--try``).

Each module's imports are read from its source (ast), those inside
functions included, so a late import cannot hide a backward one.
"""

import ast

from conftest import ROOT

FOUNDATION = {"release", "release.errors", "release.numbers", "release.periods", "release.ledger",
              "release.cache", "release.collector", "release.progress", "release.beside"}
ORCHESTRATION = {"release.pipeline", "release.series"}
#: Review tools that run the build themselves, as build.py does.
DRIVERS = {"release.review.preview", "release.review.try_cases"}
# The stages in the order the data flow through them; words and charts are
# one step (both read figures, outputs place both).
STAGES = {"release.inputs": 1, "release.figures": 2, "release.words": 3, "charts": 3,
          "release.outputs": 4, "release.review": 5}
NAMES = {1: "inputs", 2: "figures", 3: "words/charts", 4: "outputs", 5: "review"}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kind(module):
    """'foundation', 'orchestration', a stage's number, or None (not ours)."""
    if module in FOUNDATION:
        return "foundation"
    if module in ORCHESTRATION:
        return "orchestration"
    for package, number in STAGES.items():
        if module == package or module.startswith(package + "."):
            return number
    if module == "release" or module.startswith("release."):
        return "unplaced"
    return None


def imported(path, module):
    """(line, module imported) for each import in the file at ``path``,
    which is the module ``module``; ``from X import name`` counts a
    submodule ``X.name`` where there is one."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                is_module = (ROOT / sub.replace(".", "/")).with_suffix(".py").is_file() \
                    or (ROOT / sub.replace(".", "/") / "__init__.py").is_file()
                yield node.lineno, sub if is_module else source


def project_modules():
    return sorted(p for folder in ("release", "charts") for p in (ROOT / folder).rglob("*.py"))


def backward(path, module, shown):
    """What the module ``module`` (its source at ``path``, named ``shown``
    in the report) imports against the flow, as 'file:line: ...' lines."""
    found = []
    here = kind(module)
    for line, target in sorted(set(imported(path, module))):
        there = kind(target)
        if there is None or here == "orchestration" or there == "foundation":
            continue
        where = f"{shown}:{line}: imports {target}"
        if here == "foundation":
            found.append(f"{where}, but the foundation imports no stage")
        elif there == "orchestration" and module not in DRIVERS:
            found.append(f"{where} (the orchestration), but a stage does not run the build")
        elif there == "orchestration":
            continue
        elif there == "unplaced" or here == "unplaced":
            found.append(f"{where}: a module of release/ outside the stages and the foundation")
        elif there > here:
            found.append(f"{where}: {NAMES[here]} imports from a later stage ({NAMES[there]})")
    return found


def test_every_module_of_release_is_in_a_stage_the_foundation_or_the_orchestration():
    unplaced = [str(p.relative_to(ROOT)) for p in project_modules() if kind(module_name(p)) == "unplaced"]
    assert not unplaced, "put these in a stage's package, or name them foundation: " + ", ".join(unplaced)


def test_no_module_imports_from_a_later_stage():
    found = [problem for path in project_modules()
             for problem in backward(path, module_name(path), path.relative_to(ROOT).as_posix())]
    assert not found, "imports against the flow of the data:\n" + "\n".join(found)


def test_the_check_finds_a_backward_import_at_any_depth(tmp_path):
    """The check itself can fail: a figures module that imports the outputs
    at the top and runs the build inside a function is named twice, with
    each line; its imports of its own stage, an earlier one and the
    foundation pass."""
    source = tmp_path / "example.py"
    source.write_text("from ..outputs import render\nfrom . import homes\nfrom ..inputs import config\n"
                      "from ..ledger import Ledger\n\n\ndef f():\n    from .. import pipeline\n",
                      encoding="utf-8")
    assert backward(source, "release.figures.example", "example.py") == [
        "example.py:1: imports release.outputs.render: figures imports from a later stage (outputs)",
        "example.py:8: imports release.pipeline (the orchestration), but a stage does not run the build"]
