"""The names of the key-point candidates, which ``[key_points]`` in a
release's ``release.toml`` may pin or drop, and the check of those settings.

Kept apart from ``release/figures/key_points.py`` (which makes the
candidates) so that reading a release's metadata, as ``--check`` and the
no-change path do, imports no figures code and no pandas.
"""

from __future__ import annotations

from . import judgements as j


def slug(text: str) -> str:
    """A key part from a name: "Yorkshire and The Humber" -> "yorkshire_and_the_humber"."""
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_").replace("__", "_")


#: The SIF judgement areas other than overall effectiveness: (key, name, section).
LA_AREAS = (("hp", "children who need help and protection", "sif-key"),
            ("cla", "children looked after and achieving permanence", "sif-key"),
            ("lmg", "leadership, management and governance", "sif-key"),
            ("adoption", "adoption performance", "sif-sub"),
            ("care_leavers", "experiences and progress of care leavers", "sif-sub"))
#: The sectors whose in-period change is a candidate (health authority homes are too few).
SECTORS = j.SECTORS[:3]


def known_names() -> list[str]:
    """Every name a candidate can have, whatever the data: what
    ``[key_points]`` in release.toml may pin or drop."""
    names = ["la.profile"] + [f"la.{k}" for k, _, _ in LA_AREAS]
    names += [f"la.region.{slug(r)}" for r in j.REGIONS]
    names += ["la.first_good_every_region", "la.list.inadequate_all_judgements", "la.list.left", "la.reinspected",
              "lscb.profile",
              "lscb.first_outstanding", "homes.state.profile", "homes.state.inadequate"]
    names += [f"homes.state.region.{slug(r)}" for r in j.REGIONS]
    names += ["homes.period.profile"] + [f"homes.sector.{slug(s)}" for s in SECTORS]
    names += [f"homes.region.{slug(r)}" for r in j.REGIONS] + ["homes.area", "homes.twice.improved"]
    return names


def check_settings(settings, file: str) -> list:
    """``[key_points]`` of release.toml: ``pin`` and ``drop``, each a list
    of candidate names; an unknown name is refused with the known ones."""
    from ..errors import Problem

    problems = []
    if not isinstance(settings, dict):
        return [Problem(file, None, "[key_points]", str(settings), "a table with pin and drop")]
    known = known_names()
    for key in ("pin", "drop"):
        value = settings.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(file, None, f"[key_points] {key}", str(value), "a list of key point names"))
            continue
        for name in value:
            if name not in known:
                import difflib
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" ({close[0]!r}?)" if close else ""
                problems.append(Problem(file, None, f"[key_points] {key}", name,
                                        f"a known key point name{hint}: {', '.join(known)}"))
    both = set(settings.get("pin", []) or []) & set(settings.get("drop", []) or []) if not problems else set()
    for name in sorted(both):
        problems.append(Problem(file, None, "[key_points] drop", name, "a name not also pinned"))
    return problems
