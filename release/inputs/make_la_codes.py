#!/usr/bin/env python3
"""Derive ``release/la_codes.csv``: the code lookup the open data files use.

The build must not read the workplace's shared boundary folder at run time,
so the few columns it needs are copied from it once, by this script, into a
small file committed with the project (codes and names only, no
boundaries), as ``charts/la_centroids.csv`` was:

- ``new_la_code``, ``la_name``, ``old_la_code`` (DfE's three-digit code) of
  each upper-tier LA, from ``local_authorities_2016.csv``;
- ``region_code``, ``region_name`` of its region, the codes from the
  properties of ``england_regions.geojson``;
- and the LAs created since 2016 (2019: Bournemouth, Christchurch and
  Poole 839, Dorset 838; 2021: North Northamptonshire 940, West
  Northamptonshire 941), from ``release/la_successors.csv``, whose DfE
  codes were checked against DfE's children in need file and Ofsted's LA
  lookup (``la_lookup/Provider_data_lookup.csv`` in the shared
  ``ofsted-public`` folder).

Predecessors stay in the lookup, so a release of any date finds its LAs.

Run ``python3 release/inputs/make_la_codes.py [GEO_DIR]``; GEO_DIR defaults to
``$SHARED_DIR/geo`` or ``../shared/geo`` beside the project.
"""

import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "release" / "la_codes.csv"
COLUMNS = ("new_la_code", "la_name", "old_la_code", "region_code", "region_name")


def default_geo() -> Path:
    shared = os.environ.get("SHARED_DIR")
    return Path(shared) / "geo" if shared else ROOT.parent / "shared" / "geo"


def rows(geo: Path) -> list[dict]:
    regions = json.loads((geo / "england_regions.geojson").read_text(encoding="utf-8"))
    region_code = {f["properties"]["name"]: f["properties"]["code"] for f in regions["features"]}
    with (geo / "local_authorities_2016.csv").open(encoding="utf-8-sig", newline="") as f:
        las = list(csv.DictReader(f))
    out = []
    for la in las:
        if la["region"] not in region_code:
            raise SystemExit(f"{geo / 'local_authorities_2016.csv'}: LA {la['code']}: region {la['region']!r} "
                             "is not in england_regions.geojson")
        if not (la["old_la_code"].isdigit() and len(la["old_la_code"]) == 3):
            raise SystemExit(f"{geo / 'local_authorities_2016.csv'}: LA {la['code']}: old_la_code "
                             f"{la['old_la_code']!r} is not three digits")
        out.append({"new_la_code": la["code"], "la_name": la["name"], "old_la_code": la["old_la_code"],
                    "region_code": region_code[la["region"]], "region_name": la["region"]})
    with (ROOT / "release" / "la_successors.csv").open(encoding="utf-8", newline="") as f:
        for la in csv.DictReader(f):
            if la["successor_code"] not in {r["new_la_code"] for r in out}:
                out.append({"new_la_code": la["successor_code"], "la_name": la["successor_name"],
                            "old_la_code": la["successor_old_la_code"], "region_code": region_code[la["region"]],
                            "region_name": la["region"]})
    return sorted(out, key=lambda r: r["new_la_code"])


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    geo = Path(argv[0]) if argv else default_geo()
    if not geo.is_dir():
        print(f"no folder {geo}: give the folder of local_authorities_2016.csv", file=sys.stderr)
        return 2
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(geo))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
