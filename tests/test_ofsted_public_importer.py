"""The importer of Ofsted's and DfE's published files
(release/inputs/importers/ofsted_public.py), on small slices of each real
file written here as bytes: encoding, the group-header row, NULL, numeric
URNs, dd/mm/yyyy dates, each year's vocabulary, DfE's suppression; and a
refusal, naming file, row and column, for each kind of bad value.

The last tests check that the committed real release folders are what the
importer writes from the committed copies, and that those copies are
byte for byte the files in ../shared/ofsted-public when that folder exists.
"""

import filecmp
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED
from release.inputs.importers import ofsted_public as op
from release.inputs.importers.reading import Refused, decode, read

SOURCES = ROOT / "data" / "sources" / "ofsted-public"
REAL = sorted(p.name for p in (ROOT / "data").glob("real-*") if (p / "release.toml").exists())


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- reading ------------------------------------------------------------------

def test_windows_1252_is_detected_and_said():
    text, used = decode("f.csv", "URN,Name\nSC1,Caf\u00e9 \u2013 home\n".encode("cp1252"))
    assert used == "Windows-1252" and "Café – home" in text


def test_utf8_with_and_without_bom():
    assert decode("f.csv", b"\xef\xbb\xbfURN\n")[1] == "UTF-8 with byte-order mark"
    assert decode("f.csv", b"URN\n")[1] == "UTF-8"


def test_bytes_neither_utf8_nor_cp1252_are_refused():
    with pytest.raises(Refused) as e:
        decode("f.csv", b"URN\n\x81\x8d\n")  # undefined in Windows-1252, invalid UTF-8
    assert "f.csv" in str(e.value) and "UTF-8 or Windows-1252" in str(e.value)


GROUP_HEADED = (
    "\ufeffProvider information,,,,Latest Full Inspection information,,\r\n"
    "URN,Provision type,Sector,Local authority,Event type,Inspection date,Overall effectiveness\r\n"
    "1159682,Children's home,Voluntary,Islington,Full Inspection,13/01/2016,Requires improvement\r\n"
    "SC007956,Children's home,Local Authority,Leeds,Full Inspection,29/09/2015,NULL\r\n").encode("utf-8")


def test_group_header_row_is_skipped_and_rows_numbered_as_in_a_spreadsheet(tmp_path):
    report = []
    table = read(write(tmp_path, "p.csv", GROUP_HEADED), "p.csv", ("URN", "Event type"), report)
    assert table.header_row == 2
    assert [r["_row"] for r in table.rows] == [3, 4]
    assert table.rows[0]["URN"] == "1159682"          # a numeric URN kept as text
    assert table.rows[1]["Overall effectiveness"] == ""  # NULL is blank
    assert "UTF-8 with byte-order mark, header on row 2" in report[0]


def test_a_file_without_the_expected_header_is_refused(tmp_path):
    with pytest.raises(Refused) as e:
        read(write(tmp_path, "p.csv", b"a,b\n1,2\n"), "p.csv", ("URN",))
    assert "p.csv, row 1" in str(e.value) and "URN" in str(e.value)


# --- a small source folder ---------------------------------------------------------

def small_sources(tmp_path, events_1617: bytes | None = None, cpp_value="c"):
    """A copy of the real sources with the homes files cut to a few rows
    (the LA files are small and kept whole)."""
    out = tmp_path / "src"
    shutil.copytree(SOURCES, out)
    for name in op.EVENTS + op.AT_MARCH:
        raw = (SOURCES / name).read_bytes()
        lines = raw.splitlines(keepends=True)
        header = 2 if b"Latest" in lines[0] else 1
        (out / name).write_bytes(b"".join(lines[:header + 40]))
    if events_1617 is not None:
        (out / op.EVENTS[2]).write_bytes(events_1617)
    cpp = (out / op.CPP).read_text(encoding="utf-8")
    cpp = cpp.replace("2016,Reporting year,Local authority,E92000001,England,E13000001,Inner London,201,E09000001,"
                      "City of London,Child Protection Plans by length of time,c,",
                      "2016,Reporting year,Local authority,E92000001,England,E13000001,Inner London,201,E09000001,"
                      f"City of London,Child Protection Plans by length of time,{cpp_value},")
    (out / op.CPP).write_text(cpp, encoding="utf-8")
    return out


HEAD_1617 = ("Web link,URN,Provision type,Registration Status,Address 1,Address 2,Town,County,Postcode,Ofsted Region,"
             "Government Office Region,Local authority,Sector,Places,Linked Education URN,Short breaks only,Event type,"
             "Inspection date,Event number,Overall effectiveness,Outcomes for children and young people,Quality of care,"
             "Safeguarding children and young people,Leadership and management\r\n")


def event_1617(urn="SC123456", ptype="Children's home", la="Leeds", sector="Private", event="Full inspection",
               date="12/05/2016", grade="Requires improvement", number="10000001"):
    return (f"Ofsted Social Care Provider Webpage,{urn},{ptype},Active,REDACTED,REDACTED,REDACTED,REDACTED,REDACTED,"
            f"Yorkshire,Yorkshire,{la},{sector},4,,NULL,{event},{date},{number},{grade},,,,\r\n")


def spec(release_id="real-2016-09"):
    return op.load_spec(SOURCES, release_id)


def test_a_real_slice_imports_with_the_vocabulary_of_its_year(tmp_path):
    body = HEAD_1617 + event_1617() + event_1617(urn="1159999", event="Interim inspection", date="02/09/2016",
                                                 grade="Improved effectiveness", number="10000002",
                                                 ptype="Residential special school (registered as a children’s home)"
                                                 .replace("’", "'"))
    # Ofsted's own en dash, one byte in Windows-1252 (0x96)
    body += event_1617(event="SC – Emergency inspection", date="03/09/2016", grade="", number="10000003")
    sources = small_sources(tmp_path, body.encode("cp1252"))
    imported = op.import_release(sources, spec())
    events = {e["event_id"]: e for e in imported.files["homes_inspections.csv"]}
    assert events["10000001"]["overall_effectiveness"] == "Requires improvement to be good"
    assert events["10000001"]["event_type"] == "Full"
    assert events["10000001"]["inspection_date"] == "2016-05-12"
    assert events["10000002"]["interim_outcome"] == "Improved effectiveness"
    assert events["10000003"]["event_type"] == "Emergency"
    homes = {h["urn"]: h for h in imported.files["childrens_homes.csv"]}
    assert homes["1159999"]["sub_type"] == "Residential special school"
    assert homes["SC123456"]["la_code"] == "E08000035"  # Leeds
    assert any("Windows-1252" in line for line in imported.report)


def test_a_suppressed_dfe_count_is_carried_as_suppressed(tmp_path):
    imported = op.import_release(small_sources(tmp_path), spec())
    london = next(r for r in imported.files["local_authorities.csv"] if r["la_name"] == "City of London")
    if op.contract_takes_symbols():
        assert london["child_protection_plans"] == "[c]"
    else:
        # Until the contract carries symbols: 0, and said in the notes.
        assert london["child_protection_plans"] == "0"
        assert "City of London" in imported.notes["suppressed_counts"]


def test_the_sif_position_of_30_september_2016_is_the_published_one(tmp_path):
    """109 LAs published by 31 October 2016: 28% good or better, 23% inadequate."""
    imported = op.import_release(small_sources(tmp_path), spec())
    sif = imported.files["sif_inspections.csv"]
    latest = {}
    for r in sorted(sif, key=lambda r: r["publication_date"]):
        if r["publication_date"] <= "2016-10-31" and r["inspection_date"] <= "2016-09-30":
            latest[r["la_code"]] = r["overall_effectiveness"]
    good = sum(g in ("Outstanding", "Good") for g in latest.values())
    bad = sum(g == "Inadequate" for g in latest.values())
    assert (len(latest), round(100 * good / len(latest)), round(100 * bad / len(latest))) == (109, 28, 23)


BAD = [
    # (what, row of the slice, column, bad event line)
    ("a judgement outside the year's words", "Overall effectiveness", event_1617(grade="Excellent")),
    ("'Adequate' after its framework ended", "Overall effectiveness", event_1617(grade="Adequate")),
    ("a date not dd/mm/yyyy", "Inspection date", event_1617(date="2016-05-12")),
    ("an impossible date", "Inspection date", event_1617(date="31/02/2016")),
    ("a malformed URN", "URN", event_1617(urn="XY12")),
    ("an unknown provision type", "Provision type", event_1617(ptype="Care home")),
    ("an unknown sector", "Sector", event_1617(sector="Charity")),
    ("an unknown event type", "Event type", event_1617(event="Desk review")),
    ("an LA not of 2016", "Local authority", event_1617(la="Atlantis")),
]


@pytest.mark.parametrize("what,column,line", BAD, ids=[b[0] for b in BAD])
def test_each_kind_of_bad_value_is_refused_naming_file_row_and_column(tmp_path, what, column, line):
    body = HEAD_1617 + event_1617(number="1") + line
    sources = small_sources(tmp_path, body.encode("cp1252"))
    with pytest.raises(Refused) as e:
        op.import_release(sources, spec())
    text = str(e.value)
    assert f"{op.EVENTS[2]}, row 3, column {column}" in text, text


def test_a_bad_dfe_count_is_refused(tmp_path):
    sources = small_sources(tmp_path, cpp_value="n/a")
    with pytest.raises(Refused) as e:
        op.import_release(sources, spec())
    assert f"{op.CPP}, row" in str(e.value) and "column CPP_At31" in str(e.value)


def test_refusal_exits_1_and_leaves_the_output_untouched(tmp_path):
    body = HEAD_1617 + event_1617(grade="Excellent")
    sources = small_sources(tmp_path, body.encode("cp1252"))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "release.inputs.importers.ofsted_public", "real-2016-09",
                             "--sources", str(sources), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "row 2, column Overall effectiveness" in result.stderr
    assert not out.exists()


# --- the committed folders ------------------------------------------------------------

@pytest.mark.parametrize("release_id", REAL)
def test_committed_real_release_is_what_the_importer_writes(tmp_path, release_id):
    assert op.main([release_id, "--out", str(tmp_path), "--quiet"]) == 0
    for path in sorted((tmp_path / release_id).iterdir()):
        assert path.read_bytes() == (ROOT / "data" / release_id / path.name).read_bytes(), path.name


def test_real_releases_are_marked_real_and_carry_the_attribution():
    import tomllib

    assert REAL, "no real release folder under data/"
    for release_id in REAL:
        meta = tomllib.loads((ROOT / "data" / release_id / "release.toml").read_text(encoding="utf-8"))
        assert meta["release"]["sample_data"] is False
        assert "Open Government Licence v3.0" in meta["commentary"]["sources"]


def test_copies_are_byte_for_byte_the_published_files():
    shared = SHARED / "ofsted-public"
    if not shared.is_dir():
        pytest.skip(f"no {shared} (set SHARED_DIR): the copies cannot be compared with the originals")
    copies = [p for p in SOURCES.rglob("*.csv") if p.parent.name not in ("published",)]
    assert copies
    for copy in copies:
        original = shared / copy.relative_to(SOURCES)
        assert filecmp.cmp(copy, original, shallow=False), copy


# --- the LA files: merged LAs, Ofsted's " -", refusals ------------------------------

def test_a_release_before_2019_takes_the_las_before_the_restructures(tmp_path):
    """Ofsted's table lists today's LAs (Bournemouth, Christchurch and Poole;
    the new Dorset; North and West Northamptonshire) and, in a second sheet,
    the four before them: a 2016 release has the four."""
    imported = op.import_release(small_sources(tmp_path), spec())
    codes = {r["la_code"] for r in imported.files["local_authorities.csv"]}
    assert {"E06000028", "E06000029", "E10000009", "E10000021"} <= codes   # Bournemouth, Poole, Dorset, Northants
    assert not codes & {"E06000058", "E06000059", "E06000061", "E06000062"}
    sif_codes = {r["la_code"] for r in imported.files["sif_inspections.csv"]}
    assert "E06000028" in sif_codes and sif_codes <= codes


def test_ofsted_dash_is_not_judged_and_a_blank_lscb_is_no_review(tmp_path):
    imported = op.import_release(small_sources(tmp_path), spec())
    by_code = {r["la_code"]: r for r in imported.files["sif_inspections.csv"]}
    scilly, london = by_code["E06000053"], by_code["E09000001"]
    assert (scilly["looked_after"], scilly["adoption"], scilly["care_leavers"]) == ("Not judged",) * 3
    assert london["adoption"] == "Not judged" and london["looked_after"] == "Good"


def test_a_bad_judgement_in_the_la_table_is_refused(tmp_path):
    sources = small_sources(tmp_path)
    path = sources / op.LA_TABLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2016-09-20,Good,Good,Good, -,", "2016-09-20,Good,Good,Good,Fine,"), encoding="utf-8")
    with pytest.raises(Refused) as e:
        op.import_release(sources, spec())
    # City of London: row 27 as a spreadsheet shows it (line 29 of the file: two
    # header cells hold a line break)
    assert f"{op.LA_TABLE}, row 27, column First SIF CLA Sub: Adoption Performance" in str(e.value)


def test_a_bad_closure_reason_is_refused(tmp_path):
    sources = small_sources(tmp_path)
    path = sources / op.CLOSURES
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"Resigned", b"Retired")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(Refused) as e:
        op.import_release(sources, spec())
    assert f"{op.CLOSURES}, row 2, column provider_status" in str(e.value)


def test_dfe_not_available_is_carried_as_not_available(tmp_path):
    """The Isles of Scilly are not in DfE's SFR41/2016 file: [x], never 0."""
    imported = op.import_release(small_sources(tmp_path), spec())
    scilly = next(r for r in imported.files["local_authorities.csv"] if r["la_name"] == "Isles of Scilly")
    assert scilly["children_looked_after"] == ("[x]" if op.contract_takes_symbols() else "0")
    assert scilly["children_in_need"].isdigit()
