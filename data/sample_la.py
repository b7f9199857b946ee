"""Synthetic local-authority sample data for the 2016-09 release.

Ofsted's record-level data cannot be fetched, so this module builds a
synthetic sample of the local-authority (LA) side of the release whose
statistics equal every figure the published text states (the figures are
listed, with their sentences, in ``tests/published/la_figures.csv``). The
LA facts (code, name, region, type) are real; the judgements of LAs the
text does not name, and every count of children, are invented.

How it works (see ``data/sample/la.md`` for the constraints and choices):

1. **Judgements** (:func:`solve_judgements`): one integer program
   (``scipy.optimize.milp``) over binary choices per LA: inspected or not,
   published before or after 31 March 2016, the grade of each SIF judgement,
   the LSCB grade, and the earlier Child Protection and Looked After
   Children judgements. Every sentence of the release about LAs is one or
   more linear constraints; each ``_constrain_*`` function cites its
   sentences. The objective asks for coherent profiles (sub-judgements close
   to overall effectiveness) and for shares of children in need, estimated
   from each LA's size, close to the published ones.
2. **Children** (:func:`solve_children`): a second integer program chooses
   the children in need, looked after and on a plan in each LA, as close as
   possible to a size-based estimate, so that the published shares of
   children (chart 6, "77% of vulnerable groups") hold exactly and the
   England totals are 394,400, 70,440 and 50,310.
3. **Dates** (:func:`add_dates`): a seeded random generator spreads
   inspection and publication dates over the periods, respecting the
   cut-offs in ``release.toml``. Nothing else is random.

``python data/sample_la.py`` writes the three CSV files into
``data/2016-09/``. Running it twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from release.inputs.judgements import (  # noqa: E402
    ADEQUATE, GOOD, INADEQUATE, NOT_JUDGED, OUTSTANDING, REQUIRES_IMPROVEMENT,
)

REFERENCE = HERE / "sample" / "la_reference_2016.csv"
RELEASE = HERE / "2016-09"
SEED = 20161215
#: Stop at a 20% optimality gap: every published figure is a hard constraint,
#: so any feasible answer is correct; the objective only makes it plausible,
#: and proving optimality takes hours.
DISP, GAP, TIME_LIMIT = False, 0.2, np.inf

O, G, RI, I, A = OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE, ADEQUATE
GRADES = (O, G, RI, I)
RANK = {O: 1, G: 2, RI: 3, I: 4}

#: SIF judgement areas: short key -> column of sif_inspections.csv.
COLUMNS = {
    "oe": "overall_effectiveness",
    "hp": "help_and_protection",
    "cla": "looked_after",
    "ado": "adoption",
    "cl": "care_leavers",
    "lmg": "leadership",
    "lscb": "lscb_overall_effectiveness",
}
KEYS = ("hp", "cla", "lmg")          # the three key judgements
SUBS = ("ado", "cl")                 # the two sub-judgements of "looked after"

#: Judgements recorded as Not judged. Footnote: "The LAs who have not been
#: judged in every area are; City of London and the Isles of Scilly." We
#: choose adoption performance for both (tiny LAs with almost no adoptions).
NOT_JUDGED_AREAS = {"City of London": ("ado",), "Isles of Scilly": ("ado",)}

# --------------------------------------------------------------------------
# The published figures the constraints use (see la_figures.csv for the
# sentences). Counts implied by percentages are worked out in la.md.
# --------------------------------------------------------------------------
N_LAS = 152
N_NOW = 109          # "There were 109 SIF inspections published by 31 October 2016."
N_BEFORE = 87        # "... when only 57% of authorities (87) had been inspected."
N_SINCE = N_NOW - N_BEFORE

#: Grade profile of each area now (109 LAs). Published: OE 28% good or
#: better (30), 50% RI, 23% inadequate (25), 2 outstanding; HP 60 RI and 22
#: inadequate; leadership 8 outstanding, 22 inadequate; CLA 61 RI, 12
#: inadequate; adoption 59 good or better, 7 outstanding, 8 inadequate;
#: care leavers 5 outstanding, 37 good, 14 inadequate; LSCB 2 outstanding,
#: 35 good, 19 inadequate. Our choices (not published) are marked *.
PROFILE = {
    "oe": {O: 2, G: 28, RI: 54, I: 25},
    "hp": {O: 0, G: 27, RI: 60, I: 22},     # * no outstanding: weakest area
    "cla": {O: 2, G: 34, RI: 61, I: 12},    # * 2 outstanding = the two that improved to it
    "lmg": {O: 8, G: 30, RI: 49, I: 22},    # * 38 good or better: "most positive"
    "ado": {O: 7, G: 52, RI: 40, I: 8},     # 2 Not judged
    "cl": {O: 5, G: 37, RI: 53, I: 14},
    "lscb": {O: 2, G: 35, RI: 53, I: 19},
}

#: LSCB x SIF overall effectiveness, derived from the LSCB paragraph:
#: "two authorities (City of London and Hackney) had been judged
#: outstanding. In both instances, children's services were judged good";
#: "Of the 35 ... good for LSCB ..., good (18) or outstanding (2) under the
#: SIF. The remainder ... requires improvement to be good (14) or inadequate
#: (1)"; "Of the 19 ... inadequate for LSCB ..., (15) were also judged
#: inadequate under the SIF. The remaining four ... requires improvement".
#: The LSCB RI row follows from the SIF column totals (8, 36, 9), so the
#: judgements match in 18 + 36 + 15 = 69 of 109 ("just under two thirds").
LSCB_BY_OE = {
    (O, G): 2,
    (G, O): 2, (G, G): 18, (G, RI): 14, (G, I): 1,
    (RI, G): 8, (RI, RI): 36, (RI, I): 9,
    (I, RI): 4, (I, I): 15,
}

#: Looked After Children (2009-12) -> SIF children looked after, chart 8.
#: "twenty-one authorities improved, while 40 ... declined"; "15 of 21
#: improved to good from adequate. Four ... from inadequate to requires
#: improvement ..., and the final two improved from good to outstanding";
#: "Of the 12 ... inadequate ..., seven had declined from adequate, three
#: from good and one (Lambeth) from outstanding. One (Norfolk) had remained
#: inadequate"; "(29) of the 61 ... requires improvement ... had declined
#: ..., all of them from good". None is given for (Adequate, RI) and
#: (Good, Good): they follow from our CLA profile (28 and 19).
LAC_TO_CLA = {
    (G, O): 2,
    (A, G): 15, (G, G): None,
    (I, RI): 4, (G, RI): 29, (A, RI): None,
    (A, I): 7, (G, I): 3, (O, I): 1, (I, I): 1,
}

#: Child Protection (2012-13) -> SIF help and protection, chart 7, over the
#: 39 LAs with both. "18 ... saw an improvement; just 5 declined. Sixteen
#: ... remained the same"; "All but one ... did so by one grade"; "Only one
#: authority (Royal Borough of Kingston upon Thames) improved by more than
#: one grade, from inadequate to good"; "All five authorities that declined
#: changed from adequate to inadequate"; "None ... outstanding for either";
#: "four authorities were judged inadequate ... at both inspections".
#: Good -> RI and Good -> Inadequate would be declines, so are excluded.
CP_TO_HP_CELLS = ((G, G), (A, G), (A, RI), (A, I), (I, G), (I, RI), (I, I))
N_CP = 50            # "only a third of authorities (50) received a Child Protection inspection"
N_CP_NOW = 39        # "of those, only 39 have been inspected under the SIF"

# --------------------------------------------------------------------------
# Size of each LA: an estimate of its children in need, from its 2015
# population (thousands, rounded, public ONS mid-year estimates as remembered
# for this sample) and a rough level of need (H high, M middle, L low).
# Only the relative sizes matter: the estimates are scaled to 394,400.
# --------------------------------------------------------------------------
NEED = {"H": 1.35, "M": 1.0, "L": 0.72}
SIZES = """
Hartlepool|93|H
Middlesbrough|140|H
Redcar and Cleveland|135|H
Stockton-on-Tees|195|M
Darlington|106|M
Halton|126|H
Warrington|207|L
Blackburn with Darwen|147|H
Blackpool|140|H
Kingston upon Hull, City of|259|H
East Riding of Yorkshire|337|L
North East Lincolnshire|159|H
North Lincolnshire|170|M
York|206|L
Derby|255|M
Leicester|342|H
Rutland|38|L
Nottingham|318|H
Herefordshire, County of|188|M
Telford and Wrekin|170|M
Stoke-on-Trent|251|H
Bath and North East Somerset|184|L
Bristol, City of|449|M
North Somerset|209|L
South Gloucestershire|274|L
Plymouth|262|H
Torbay|133|H
Bournemouth|195|M
Poole|150|L
Swindon|218|M
Peterborough|194|H
Luton|214|H
Southend-on-Sea|179|M
Thurrock|163|M
Medway|276|M
Bracknell Forest|119|L
West Berkshire|157|L
Reading|161|M
Slough|145|M
Windsor and Maidenhead|147|L
Wokingham|161|L
Milton Keynes|262|M
Brighton and Hove|285|M
Portsmouth|211|H
Southampton|248|H
Isle of Wight|139|M
County Durham|519|M
Cheshire East|375|L
Cheshire West and Chester|333|M
Shropshire|311|L
Cornwall|549|M
Isles of Scilly|2.3|L
Wiltshire|488|L
Bedford|166|M
Central Bedfordshire|274|L
Northumberland|316|M
Bolton|281|M
Bury|187|M
Manchester|530|H
Oldham|228|H
Rochdale|214|H
Salford|242|H
Stockport|288|L
Tameside|220|H
Trafford|233|L
Wigan|322|M
Knowsley|147|H
Liverpool|478|H
St. Helens|178|M
Sefton|273|M
Wirral|321|M
Barnsley|239|M
Doncaster|304|H
Rotherham|260|M
Sheffield|569|M
Newcastle upon Tyne|292|H
North Tyneside|202|M
South Tyneside|149|H
Sunderland|277|H
Birmingham|1111|H
Coventry|345|M
Dudley|316|M
Sandwell|317|H
Solihull|209|L
Walsall|274|H
Wolverhampton|252|H
Bradford|532|H
Calderdale|208|M
Kirklees|434|M
Leeds|774|M
Wakefield|332|M
Gateshead|201|H
City of London|8|L
Barking and Dagenham|201|H
Barnet|379|L
Bexley|242|M
Brent|324|M
Bromley|325|L
Camden|241|M
Croydon|380|M
Ealing|343|M
Enfield|329|M
Greenwich|274|H
Hackney|270|H
Hammersmith and Fulham|179|M
Haringey|272|H
Harrow|248|L
Havering|249|L
Hillingdon|298|M
Hounslow|268|M
Islington|228|H
Kensington and Chelsea|157|M
Kingston upon Thames|172|L
Lambeth|324|H
Lewisham|298|H
Merton|205|L
Newham|333|H
Redbridge|293|L
Richmond upon Thames|194|L
Southwark|309|H
Sutton|200|L
Tower Hamlets|294|H
Waltham Forest|272|M
Wandsworth|316|M
Westminster|242|M
Buckinghamshire|528|L
Cambridgeshire|639|L
Cumbria|497|M
Derbyshire|785|M
Devon|774|M
Dorset|420|L
East Sussex|545|M
Essex|1443|M
Gloucestershire|617|M
Hampshire|1360|L
Hertfordshire|1166|L
Kent|1524|M
Lancashire|1190|M
Leicestershire|667|L
Lincolnshire|736|M
Norfolk|885|H
Northamptonshire|723|M
North Yorkshire|602|L
Nottinghamshire|805|M
Oxfordshire|678|L
Somerset|545|M
Staffordshire|860|M
Suffolk|738|M
Surrey|1174|L
Warwickshire|552|L
West Sussex|836|M
Worcestershire|580|M
"""

#: England totals at 31 March 2016: "there were 394,400 children in need,
#: of which 70,440 were children looked after and 50,310 were on a child
#: protection plan".
CIN_TOTAL, CLA_TOTAL, CPP_TOTAL = 394_400, 70_440, 50_310


# ==========================================================================
# A small modelling layer over scipy.optimize.milp
# ==========================================================================

class Expr:
    """A linear expression: {variable index: coefficient} plus a constant."""

    __slots__ = ("terms", "const")

    def __init__(self, terms=None, const=0.0):
        self.terms = dict(terms or {})
        self.const = float(const)

    def __add__(self, other):
        out = Expr(self.terms, self.const)
        if isinstance(other, Expr):
            for k, v in other.terms.items():
                out.terms[k] = out.terms.get(k, 0.0) + v
            out.const += other.const
        else:
            out.const += other
        return out

    __radd__ = __add__

    def __neg__(self):
        return Expr({k: -v for k, v in self.terms.items()}, -self.const)

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, k):
        return Expr({i: v * k for i, v in self.terms.items()}, self.const * k)

    __rmul__ = __mul__


def total(exprs) -> Expr:
    out = Expr()
    for e in exprs:
        out = out + e
    return out


@dataclass
class Model:
    """Variables, linear constraints and a linear objective to minimise."""

    lb: list = field(default_factory=list)
    ub: list = field(default_factory=list)
    integer: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    objective: Expr = field(default_factory=Expr)

    def var(self, lb=0.0, ub=1.0, integer=True) -> Expr:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        return Expr({len(self.lb) - 1: 1.0})

    def add(self, expr: Expr, lo=-np.inf, hi=np.inf) -> None:
        self.rows.append((expr.terms, lo - expr.const, hi - expr.const))

    def eq(self, expr, value):
        self.add(expr, value, value)

    def le(self, expr, value):
        self.add(expr, hi=value)

    def ge(self, expr, value):
        self.add(expr, lo=value)

    def fix(self, expr, value):
        self.eq(expr, value)

    def both(self, a: Expr, b: Expr) -> Expr:
        """A variable equal to a AND b, for 0/1 expressions a and b."""
        w = self.var(integer=False)
        self.le(w - a, 0)
        self.le(w - b, 0)
        self.ge(w - a - b, -1)
        return w

    def absolute(self, expr: Expr, weight: float) -> None:
        """Add weight * |expr| to the objective."""
        d = self.var(0, np.inf, integer=False)
        self.ge(d - expr, 0)
        self.ge(d + expr, 0)
        self.objective = self.objective + d * weight

    def solve(self, what: str) -> np.ndarray:
        n = len(self.lb)
        data, rows, cols, lo, hi = [], [], [], [], []
        for r, (terms, l, h) in enumerate(self.rows):
            for k, v in terms.items():
                rows.append(r)
                cols.append(k)
                data.append(v)
            lo.append(l)
            hi.append(h)
        matrix = csr_array((data, (rows, cols)), shape=(len(self.rows), n))
        c = np.zeros(n)
        for k, v in self.objective.terms.items():
            c[k] = v
        result = milp(c, integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                      constraints=LinearConstraint(matrix, lo, hi),
                      options={"disp": DISP, "mip_rel_gap": GAP, "time_limit": TIME_LIMIT})
        if result.x is None or result.status != 0:
            raise RuntimeError(f"{what}: no solution ({result.message})")
        return result.x

    @staticmethod
    def value(x: np.ndarray, expr: Expr) -> float:
        return sum(x[k] * v for k, v in expr.terms.items()) + expr.const


# ==========================================================================
# Reference facts and sizes
# ==========================================================================

def release_dates() -> dict:
    with open(RELEASE / "release.toml", "rb") as f:
        meta = tomllib.load(f)
    sif = dict(meta["sif"])
    # The position last reported is the previous release's (its folder
    # beside this one), as the build derives it.
    with open(RELEASE.parent / meta["release"]["previous"] / "release.toml", "rb") as f:
        sif.setdefault("previous_published_by", tomllib.load(f)["sif"]["published_by"])
    return sif


def reference() -> pd.DataFrame:
    """The 152 LAs of 2016 (real facts) with a size estimate ``prior_cin``."""
    las = pd.read_csv(REFERENCE, dtype=str).sort_values("la_code").reset_index(drop=True)
    sizes = {}
    for line in SIZES.strip().splitlines():
        name, population, need = line.split("|")
        sizes[name] = float(population) * NEED[need]
    missing = set(las["la_name"]) ^ set(sizes)
    if missing:
        raise ValueError(f"size table and reference differ: {sorted(missing)}")
    raw = las["la_name"].map(sizes)
    las["prior_cin"] = raw * CIN_TOTAL / raw.sum()
    return las


# ==========================================================================
# Step 1: judgements
# ==========================================================================

@dataclass
class Vars:
    """The decision variables of the judgement program, per LA index."""

    ins: list            # 1 if the LA is in the SIF position at 31 October 2016
    new: list            # 1 if its counted inspection was published after 31 March 2016
    grade: dict          # grade[area][i][g] -> 0/1 expression
    lscb_oe: list        # lscb_oe[i][(lscb grade, oe grade)]
    lac: list            # lac[i][(LAC grade, CLA grade)] for inspected LAs
    lac_only: list       # lac_only[i][LAC grade] for LAs not inspected under the SIF
    cp: list             # 1 if the LA had a Child Protection inspection
    cp_hp: list          # cp_hp[i][(CP grade, HP grade)] for the 39
    cp_only: list        # cp_only[i][CP grade] for CP LAs not inspected under the SIF
    all_keys: list       # 1 if inadequate in all three key judgements


def _variables(m: Model, las: pd.DataFrame) -> Vars:
    """Declare the variables. Grades of overall effectiveness and LSCB come
    from the LSCB x SIF cells, looked-after grades from the LAC -> CLA
    cells, so the cross-tables the text fixes are sums of variables."""
    n = len(las)
    ins = [m.var() for _ in range(n)]
    new = [m.var() for _ in range(n)]
    lscb_oe = [{cell: m.var() for cell in LSCB_BY_OE} for _ in range(n)]
    lac = [{cell: m.var() for cell in LAC_TO_CLA} for _ in range(n)]
    lac_only = [{g: m.var() for g in (G, A)} for _ in range(n)]
    grade = {"oe": [], "lscb": [], "cla": []}
    for i in range(n):
        grade["oe"].append({g: total(v for (a, b), v in lscb_oe[i].items() if b == g) for g in GRADES})
        grade["lscb"].append({g: total(v for (a, b), v in lscb_oe[i].items() if a == g) for g in GRADES})
        grade["cla"].append({g: total(v for (a, b), v in lac[i].items() if b == g) for g in GRADES})
    for area in ("hp", "lmg", "ado", "cl"):
        grade[area] = [{g: (m.var() if PROFILE[area][g] else Expr()) for g in GRADES} for _ in range(n)]
    cp = [m.var() for _ in range(n)]
    cp_hp = [{cell: m.var() for cell in CP_TO_HP_CELLS} for _ in range(n)]
    cp_only = [{g: m.var() for g in (G, A)} for _ in range(n)]
    all_keys = [m.var() for _ in range(n)]
    return Vars(ins, new, grade, lscb_oe, lac, lac_only, cp, cp_hp, cp_only, all_keys)


def _good(v: Vars, area: str, i: int) -> Expr:
    return v.grade[area][i][O] + v.grade[area][i][G]


class Judgements:
    """Builds and solves the judgement program."""

    def __init__(self, las: pd.DataFrame):
        self.las = las
        self.m = Model()
        self.v = _variables(self.m, las)
        self.idx = {name: i for i, name in enumerate(las["la_name"])}
        self.all = range(len(las))

    # -- helpers ---------------------------------------------------------
    def where(self, **facts) -> list[int]:
        """Indices of the LAs with the given reference facts."""
        sel = self.las
        for column, value in facts.items():
            sel = sel[sel[column] == value]
        return list(sel.index)

    def count(self, area: str, grades, among=None) -> Expr:
        among = self.all if among is None else among
        return total(self.v.grade[area][i][g] for i in among for g in grades)

    def count_new(self, area: str, grades, among=None) -> Expr:
        """LAs among ``among`` published since 31 March 2016 with a grade in ``grades``."""
        among = self.all if among is None else among
        m, v = self.m, self.v
        return total(m.both(v.new[i], total(v.grade[area][i][g] for g in grades)) for i in among)

    def set(self, name: str, **grades) -> None:
        """Fix grades of a named LA: set("Bromley", oe=I, hp=I)."""
        i = self.idx[name]
        for area, g in grades.items():
            self.m.fix(self.v.grade[area][i][g], 1)

    # -- constraints ------------------------------------------------------
    def constrain_positions(self) -> None:
        """Who is counted, and when.

        "There were 109 SIF inspections published by 31 October 2016";
        "... in the July 2016 publication, when only 57% of authorities (87)
        had been inspected": 109 LAs now, 87 of them already at 31 March
        2016, so 22 published since. Every inspected LA has a grade in every
        area except the Not judged ones (footnote: City of London and the
        Isles of Scilly "have not been judged in every area"), and an LSCB
        review ("There had been 109 reviews of LSCBs published by 31 October
        2016")."""
        m, v = self.m, self.v
        m.eq(total(v.ins), N_NOW)
        m.eq(total(v.new), N_SINCE)
        for i in self.all:
            m.le(v.new[i] - v.ins[i], 0)
            name = self.las.at[i, "la_name"]
            for area in COLUMNS:
                skipped = area in NOT_JUDGED_AREAS.get(name, ())
                m.eq(total(v.grade[area][i].values()) - v.ins[i] * (0 if skipped else 1), 0)
                if skipped:
                    m.fix(v.ins[i], 1)

    def constrain_named(self) -> None:
        """The LAs the text names, and what it says of each.

        - "There were three LAs judged inadequate in all of the key and
          sub-judgements: Birmingham, Sunderland and - since we last
          reported ... - Bromley."
        - "An additional six authorities were judged inadequate for each of
          the three key judgements: Buckinghamshire, Rotherham, Slough and
          Somerset plus - since we last reported ... - Dudley and Reading."
        - "Cornwall and the Isles of Scilly achieved overall effectiveness
          judgements of good" "in the first six months of 2016-17".
        - "two authorities (City of London and Hackney) had been judged
          outstanding [LSCB] ... For the first time": both reviews are new.
          "In both instances, children's services were judged good".
        - Chart 8: Kensington and Chelsea and Westminster improved from good
          to outstanding; Lambeth declined from outstanding to inadequate;
          Norfolk remained inadequate.
        - Chart 7: Kingston upon Thames improved from inadequate to good.
        - Chart 9: Lancashire, LSCB good with help and protection
          inadequate; Bexley, Devon, Dorset, Lambeth and Sefton, LSCB
          inadequate with help and protection requires improvement.
        - "Both of the authorities judged outstanding were London
          boroughs": our choice, Kensington and Chelsea and Westminster (the
          two outstanding for looked after children), published by 31 March
          2016 because London's five later inspections were "four ... good"
          and Bromley.
        Slough counts by its re-inspection (footnote), which we date before
        31 March 2016, so Slough is "already" inadequate there."""
        m, v, idx = self.m, self.v, self.idx
        named = ["Birmingham", "Sunderland", "Bromley", "Buckinghamshire", "Rotherham", "Slough",
                 "Somerset", "Dudley", "Reading", "Cornwall", "Isles of Scilly", "City of London",
                 "Hackney", "Kensington and Chelsea", "Westminster", "Lambeth", "Norfolk",
                 "Kingston upon Thames", "Lancashire", "Bexley", "Devon", "Dorset", "Sefton"]
        for name in named:
            m.fix(v.ins[idx[name]], 1)
        since = {"Bromley", "Dudley", "Reading", "Cornwall", "Isles of Scilly", "City of London", "Hackney"}
        before = {"Birmingham", "Sunderland", "Buckinghamshire", "Rotherham", "Slough", "Somerset",
                  "Kensington and Chelsea", "Westminster"}
        for name in since:
            m.fix(v.new[idx[name]], 1)
        for name in before:
            m.fix(v.new[idx[name]], 0)
        for name in ("Birmingham", "Sunderland", "Bromley"):
            self.set(name, oe=I, hp=I, cla=I, lmg=I, ado=I, cl=I)
        for name in ("Buckinghamshire", "Rotherham", "Slough", "Somerset", "Dudley", "Reading"):
            self.set(name, oe=I, hp=I, cla=I, lmg=I)
            i = idx[name]
            m.le(v.grade["ado"][i][I] + v.grade["cl"][i][I], 1)
        for name in ("Cornwall", "Isles of Scilly"):
            self.set(name, oe=G)
        for name in ("City of London", "Hackney"):
            m.fix(v.lscb_oe[idx[name]][(O, G)], 1)
        for name in ("Kensington and Chelsea", "Westminster"):
            self.set(name, oe=O)
            m.fix(v.lac[idx[name]][(G, O)], 1)
        m.fix(v.lac[idx["Lambeth"]][(O, I)], 1)
        m.fix(v.lac[idx["Norfolk"]][(I, I)], 1)
        m.fix(v.cp_hp[idx["Kingston upon Thames"]][(I, G)], 1)
        m.fix(v.lscb_oe[idx["Lancashire"]][(G, I)], 1)
        self.set("Lancashire", hp=I)
        for name in ("Bexley", "Devon", "Dorset", "Lambeth", "Sefton"):
            self.set(name, lscb=I, hp=RI)

    def constrain_profiles(self) -> None:
        """The grade profile of each area now (see PROFILE), the LSCB x SIF
        table (LSCB_BY_OE), and which areas' good-or-better share dropped.

        "Children looked after and achieving permanence was the only
        judgement of all key and sub-judgements, including overall
        effectiveness, for which the proportion of authorities judged good
        or better dropped since ... 31 March 2016." Shares are of all LAs in
        the position (109 now, 87 then). For looked after children the
        rounded percentage must fall (36 of 109 = 33%, so at least 30 of 87
        = 34% then); for every other area the exact share must not fall.
        OE at 31 March: "26%" good or better = 23 of 87, "24%" inadequate =
        21 of 87. Adoption: "eight ... inadequate, which is two more than
        when we reported ... as at 31 March 2016"."""
        m, v = self.m, self.v
        for area, counts in PROFILE.items():
            for g, n in counts.items():
                m.eq(self.count(area, [g]), n)
        for cell, n in LSCB_BY_OE.items():
            m.eq(total(v.lscb_oe[i][cell] for i in self.all), n)
        for area in ("oe", "hp", "cla", "lmg", "ado", "cl"):
            now = PROFILE[area][O] + PROFILE[area][G]
            before = now - self.count_new(area, [O, G])
            if area == "cla":
                rounded_now = _percent(now, N_NOW)
                m.ge(before * 1000, (rounded_now + 0.5) * 10 * N_BEFORE)
            else:
                m.le(before * N_NOW, now * N_BEFORE)
        m.eq(self.count_new("oe", [O, G]), PROFILE["oe"][O] + PROFILE["oe"][G] - 23)
        m.eq(self.count_new("oe", [I]), PROFILE["oe"][I] - 21)
        m.eq(self.count_new("ado", [I]), 2)

    def constrain_coherence(self) -> None:
        """How judgements hang together (our rules, for plausibility, and
        those the text implies).

        - Overall effectiveness is inadequate exactly when a key judgement
          is: 25 = |HP, CLA or leadership inadequate|.
        - An LA good overall has at least two key judgements good or
          better; outstanding overall has all three good or better and one
          outstanding; requires improvement overall has a key judgement
          requiring improvement.
        - "Three LAs judged inadequate in all of the key and
          sub-judgements" and "An additional six ... inadequate for each of
          the three key judgements": exactly nine LAs are inadequate in all
          three key judgements.
        - Adoption: "Of these eight, seven were also judged inadequate for
          overall effectiveness, with the other authority judged requires
          improvement to be good." Care leavers: "Of the 14 ... inadequate
          ..., four had a requires improvement to be good judgement for
          overall effectiveness with the remainder judged inadequate."
        - Outstanding leadership goes with good or better overall."""
        m, v = self.m, self.v
        for i in self.all:
            oe = v.grade["oe"][i]
            key = [v.grade[k][i] for k in KEYS]
            for k in key:
                m.ge(oe[I] - k[I], 0)
            m.le(oe[I] - total(k[I] for k in key), 0)
            m.le(oe[G] * 2 - total(k[O] + k[G] for k in key), 0)
            for k in key:
                m.le(oe[O] - k[O] - k[G], 0)
            m.le(oe[O] - total(k[O] for k in key), 0)
            m.le(oe[RI] - total(k[RI] for k in key), 0)
            a3 = v.all_keys[i]
            for k in key:
                m.le(a3 - k[I], 0)
            m.ge(a3 - total(k[I] for k in key), -2)
            m.le(v.grade["lmg"][i][O] - oe[O] - oe[G], 0)
        m.eq(total(v.all_keys), 9)
        for sub, oe_i, oe_ri in (("ado", 7, 1), ("cl", 10, 4)):
            m.eq(total(m.both(v.grade[sub][i][I], v.grade["oe"][i][I]) for i in self.all), oe_i)
            m.eq(total(m.both(v.grade[sub][i][I], v.grade["oe"][i][RI]) for i in self.all), oe_ri)

    def constrain_lscb_help(self) -> None:
        """Chart 9. "All LSCBs judged good were within authorities where the
        help and protection judgement was good or requires improvement to be
        good, with the exception of Lancashire ... Almost three quarters of
        the LSCBs judged inadequate (14 out of 19) were in LAs with an
        inadequate help and protection judgement; the remaining five
        (Bexley, Devon, Dorset, Lambeth and Sefton) were judged requires
        improvement to be good for help and protection." """
        m, v = self.m, self.v
        lancashire = self.idx["Lancashire"]
        for i in self.all:
            if i != lancashire:
                m.le(v.grade["lscb"][i][G] + v.grade["hp"][i][I], 1)
        m.eq(total(m.both(v.grade["lscb"][i][I], v.grade["hp"][i][I]) for i in self.all), 14)
        m.eq(total(m.both(v.grade["lscb"][i][I], v.grade["hp"][i][RI]) for i in self.all), 5)

    def constrain_leadership(self) -> None:
        """"The most positive key judgement was leadership, management and
        governance, with eight authorities judged outstanding. The majority
        of these were in the south (four in London and one in the South
        East)." So 4 London, 1 South East, none in the East of England or
        the South West, and the other 3 in the north or midlands."""
        m = self.m
        for region, n in (("London", 4), ("South East", 1), ("East of England", 0), ("South West", 0)):
            m.eq(self.count("lmg", [O], self.where(region=region)), n)

    def constrain_regions(self) -> None:
        """Chart 5, overall effectiveness by region.

        - "only four so far had more than 20% of their authorities judged
          good or better ... the East Midlands (50%), the East of England
          (44%), London (43%) and the North East (38%)". With 9 London
          boroughs good or better, 43% means 9 of 21; 44% in the East of
          England (11 LAs) can only be 4 of 9; 38% in the North East is 3 of
          8; 50% in the East Midlands is half of those inspected.
        - "The West Midlands had the lowest proportion, with just one of its
          9 inspected authorities (11%)": every other region above 11% even
          when rounded (>= 11.5%).
        - "The region with the greatest proportion of inadequate judgements
          was the West Midlands (44%)" = 4 of 9, "the East of England only
          had 11%" = 1 of 9: every other region strictly between them
          (rounded 12% to 43%).
        - "The 30 authorities judged good or better ... spread across all
          nine regions"; "The 25 authorities judged inadequate also cover
          all nine regions"; "There are now LAs in every region judged to be
          good" (good itself, not only outstanding).
        - South West: "the first two good outcomes in the South West - in
          Cornwall and in Isles of Scilly": its only good or better LAs.
        - London: "good outcomes at four out of five inspections of London
          authorities in the first six months of 2016-17"."""
        m, v = self.m, self.v
        fixed = {"North East": (8, 3, None), "East of England": (9, 4, 1), "London": (21, 9, 3),
                 "West Midlands": (9, 1, 4)}
        for region in self.las["region"].unique():
            among = self.where(region=region)
            n = total(v.ins[i] for i in among)
            good = self.count("oe", [O, G], among)
            inad = self.count("oe", [I], among)
            m.ge(self.count("oe", [G], among), 1)
            m.ge(inad, 1)
            if region in fixed:
                n_r, g_r, i_r = fixed[region]
                m.eq(n, n_r)
                m.eq(good, g_r)
                if i_r is not None:
                    m.eq(inad, i_r)
            elif region == "East Midlands":
                m.eq(good * 2 - n, 0)
            else:
                m.le(good * 5 - n, -1)                 # under 20%
                m.ge(good * 1000 - n * 115, 0)         # over the West Midlands' 11%
            if region not in ("West Midlands", "East of England"):
                m.ge(inad * 1000 - n * 115, 0)         # rounded above 11%
                m.le(inad * 1000 - n * 434, 0)         # rounded below 44%
        south_west = self.where(region="South West")
        m.eq(self.count("oe", [O, G], south_west), 2)
        london = self.where(region="London")
        m.eq(total(v.new[i] for i in london), 5)
        m.eq(self.count_new("oe", [G], london), 4)

    def constrain_types(self) -> None:
        """"Two fifths (12) of those authorities judged good or better for
        overall effectiveness were shire counties; and nearly a third
        (nine) were London boroughs. Five were unitary authorities and four
        were metropolitan districts." "Of the 25 authorities judged
        inadequate, two fifths (10) were metropolitan districts, a quarter
        (six) were shire counties, a quarter (six) were unitary authorities
        and three were London boroughs." """
        m = self.m
        good = {"Shire county": 12, "London borough": 9, "Unitary authority": 5, "Metropolitan district": 4}
        inad = {"Metropolitan district": 10, "Shire county": 6, "Unitary authority": 6, "London borough": 3}
        for la_type in good:
            among = self.where(la_type=la_type)
            m.eq(self.count("oe", [O, G], among), good[la_type])
            m.eq(self.count("oe", [I], among), inad[la_type])

    def constrain_looked_after_children(self) -> None:
        """Chart 8 (see LAC_TO_CLA). Every LA had a Looked After Children
        inspection (our choice: the 2009-12 programme covered all LAs); the
        LAs not yet inspected under the SIF were good or adequate then, so
        "the five authorities judged inadequate at their last inspection"
        are five whichever LAs one counts."""
        m, v = self.m, self.v
        for cell, n in LAC_TO_CLA.items():
            if n is not None:
                m.eq(total(v.lac[i][cell] for i in self.all), n)
        for i in self.all:
            m.eq(total(v.lac_only[i].values()) + v.ins[i], 1)

    def constrain_child_protection(self) -> None:
        """Chart 7 (see CP_TO_HP_CELLS): 50 LAs had a Child Protection
        inspection, 39 of them are in the SIF position; 18 improved (17 by
        one grade and Kingston upon Thames by two), 5 declined (all
        adequate to inadequate), 16 stayed the same, 4 of them inadequate
        at both. The 11 others were good or adequate (our choice)."""
        m, v = self.m, self.v
        m.eq(total(v.cp), N_CP)
        cells = lambda cell: total(v.cp_hp[i][cell] for i in self.all)  # noqa: E731
        m.eq(total(cells(c) for c in CP_TO_HP_CELLS), N_CP_NOW)
        m.eq(cells((A, G)) + cells((I, RI)) + cells((I, G)), 18)
        m.eq(cells((I, G)), 1)
        m.eq(cells((A, I)), 5)
        m.eq(cells((G, G)) + cells((A, RI)) + cells((I, I)), 16)
        m.eq(cells((I, I)), 4)
        for i in self.all:
            both = total(v.cp_hp[i].values())
            m.le(both - v.ins[i], 0)
            m.le(both - v.cp[i], 0)
            m.ge(both - v.cp[i] - v.ins[i], -1)
            m.eq(total(v.cp_only[i].values()) - v.cp[i] + both, 0)
            for g in (G, RI, I):
                m.le(total(x for (a, b), x in v.cp_hp[i].items() if b == g) - v.grade["hp"][i][g], 0)

    def constrain_children_estimate(self, weight: float) -> None:
        """Chart 6 and "the 109 were responsible for 77% of vulnerable
        groups", on the size estimates: the shares of children in need must
        be near the published ones (within 10 points) so that step 2 can
        meet them exactly; distance from them is penalised.

        "Across England, 23% of children in need lived in LAs judged good
        or better. The East of England had the highest percentage ... (48%)."
        "In England, 22% of children in need lived in LAs judged inadequate.
        The West Midlands had the highest proportion ... (41%) and the East
        Midlands had the lowest (9%)." "... the East of England had ... 28%
        of their children in need living in those inadequate LAs ... the
        North East had ... only 21% of their children in need living in
        those good LAs." """
        m, v = self.m, self.v
        p = self.las["prior_cin"].to_numpy()
        tol = 0.10

        def share(among, area_grades):
            base = p[among].sum()
            if area_grades is None:
                return total(v.ins[i] * (p[i] / base) for i in among)
            return total(v.grade["oe"][i][g] * (p[i] / base) for i in among for g in area_grades)

        targets = [(list(self.all), [O, G], 0.23), (list(self.all), [I], 0.22), (list(self.all), None, 0.77),
                   (self.where(region="East of England"), [O, G], 0.48),
                   (self.where(region="East of England"), [I], 0.28),
                   (self.where(region="North East"), [O, G], 0.21),
                   (self.where(region="West Midlands"), [I], 0.41),
                   (self.where(region="East Midlands"), [I], 0.09)]
        for among, grades, target in targets:
            s = share(among, grades)
            m.add(s, target - tol, target + tol)
            m.absolute(s - target, weight)
        for region in self.las["region"].unique():
            among = self.where(region=region)
            if region != "East of England":
                m.le(share(among, [O, G]), 0.45)
            if region != "West Midlands":
                m.le(share(among, [I]), 0.38)
            if region != "East Midlands":
                m.ge(share(among, [I]), 0.11)

    def objective_coherence(self) -> None:
        """Plausible profiles: each key and sub-judgement close to overall
        effectiveness, and the LSCB close to help and protection."""
        m, v = self.m, self.v
        rank = lambda area, i: total(v.grade[area][i][g] * RANK[g] for g in GRADES)  # noqa: E731
        for i in self.all:
            name = self.las.at[i, "la_name"]
            for area, weight in (("hp", 1), ("cla", 1), ("lmg", 1), ("ado", 0.5), ("cl", 0.5)):
                if area not in NOT_JUDGED_AREAS.get(name, ()):
                    m.absolute(rank(area, i) - rank("oe", i), weight)
            m.absolute(rank("lscb", i) - rank("hp", i), 0.25)

    def solve(self) -> "JudgementResult":
        for step in (self.constrain_positions, self.constrain_named, self.constrain_profiles,
                     self.constrain_coherence, self.constrain_lscb_help, self.constrain_leadership,
                     self.constrain_regions, self.constrain_types, self.constrain_looked_after_children,
                     self.constrain_child_protection):
            step()
        self.constrain_children_estimate(weight=100)
        self.objective_coherence()
        x = self.m.solve("judgements")
        return self._read(x)

    def _read(self, x) -> "JudgementResult":
        val = lambda e: round(Model.value(x, e)) == 1  # noqa: E731
        v = self.v
        rows, lac, cp = [], [], []
        for i in self.all:
            name = self.las.at[i, "la_name"]
            code = self.las.at[i, "la_code"]
            if val(v.ins[i]):
                row = {"la_code": code, "new": val(v.new[i])}
                for area, column in COLUMNS.items():
                    hits = [g for g in GRADES if val(v.grade[area][i][g])]
                    row[column] = hits[0] if hits else NOT_JUDGED
                rows.append(row)
                lac.append((code, next(a for (a, b), e in v.lac[i].items() if val(e))))
            else:
                lac.append((code, next(g for g, e in v.lac_only[i].items() if val(e))))
            if val(v.cp[i]):
                hits = [a for (a, b), e in v.cp_hp[i].items() if val(e)]
                hits += [g for g, e in v.cp_only[i].items() if val(e)]
                cp.append((code, hits[0]))
            _ = name
        return JudgementResult(pd.DataFrame(rows), lac, cp)


@dataclass
class JudgementResult:
    sif: pd.DataFrame            # one row per LA in the position: grades and "new"
    lac: list                    # (la_code, Looked After Children judgement)
    cp: list                     # (la_code, Child Protection judgement)


def solve_judgements(las: pd.DataFrame) -> JudgementResult:
    return Judgements(las).solve()


def _percent(count: float, base: float) -> int:
    from decimal import Decimal, ROUND_HALF_UP
    return int((Decimal(int(count)) * 100 / Decimal(int(base))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ==========================================================================
# Step 2: children in need, looked after and on a plan
# ==========================================================================

def solve_children(las: pd.DataFrame, sif: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Counts of children per LA. Each LA's children in need stay within
    0.6 to 1.6 times its size estimate, as close to it as possible; looked
    after and on a plan within 0.7 to 1.4 times a seeded share of its
    children in need. Constraints (margins keep rounding clear of .5):

    - England totals 394,400, 70,440 and 50,310.
    - Chart 6 shares (base: every child in need in the area, inspected LA
      or not): England 23% good or better, 22% inadequate; East of England
      48% good or better (the highest) and 28% inadequate; West Midlands
      41% inadequate (the highest); East Midlands 9% inadequate (the
      lowest); North East 21% good or better. Other regions: good or better
      rounded at most 47%, inadequate rounded 10% to 40%.
    - The anomalies: "The East of England had 11% of their inspected LAs
      judged inadequate, but 28% of their children in need living in those
      inadequate LAs. Conversely the North East had 38% of their inspected
      LAs judged good, but only 21% of their children in need": no other
      region has a wider gap of either kind.
    - "Just over three quarters of these children lived in LAs which have
      been inspected under the SIF"; "the 109 were responsible for 77% of
      vulnerable groups": children in need, and children in need + looked
      after + on a plan, in inspected LAs = 77% of England's."""
    m = Model()
    n = len(las)
    judged = las[["la_code", "region"]].merge(sif[["la_code", "overall_effectiveness"]], on="la_code", how="left")
    oe = judged["overall_effectiveness"].fillna("").to_list()
    prior = las["prior_cin"].to_numpy()
    rate_cla = CLA_TOTAL / CIN_TOTAL * rng.normal(1.0, 0.12, n).clip(0.8, 1.25)
    rate_cpp = CPP_TOTAL / CIN_TOTAL * rng.normal(1.0, 0.15, n).clip(0.75, 1.3)

    cin = [m.var(np.floor(0.6 * p), np.ceil(1.6 * p)) for p in prior]
    cla = [m.var(0, np.ceil(1.6 * p)) for p in prior]
    cpp = [m.var(0, np.ceil(1.6 * p)) for p in prior]
    m.eq(total(cin), CIN_TOTAL)
    m.eq(total(cla), CLA_TOTAL)
    m.eq(total(cpp), CPP_TOTAL)
    for i in range(n):
        m.absolute(cin[i] - prior[i], 1 / prior[i])
        for var, rate in ((cla, rate_cla), (cpp, rate_cpp)):
            m.ge(var[i] - cin[i] * (0.7 * rate[i]), -1)
            m.le(var[i] - cin[i] * (1.4 * rate[i]), 1)
            m.absolute(var[i] - cin[i] * rate[i], 0.5 / (rate[i] * prior[i]))

    margin = 0.0003
    regions = judged["region"].to_list()

    def share(sel_grades, region=None):
        """(children in need in LAs judged one of sel_grades) - s * (all
        children in need in the area), as a function of s."""
        among = [i for i in range(n) if region is None or regions[i] == region]
        chosen = total(cin[i] for i in among if oe[i] in sel_grades)
        everyone = total(cin[i] for i in among)
        return lambda s: chosen - everyone * s

    def between(f, lo, hi):
        m.ge(f(lo), 0)
        m.le(f(hi), 0)

    def rounds_to(f, pct):
        between(f, (pct - 0.5) / 100 + margin, (pct + 0.5) / 100 - margin)

    good, inad, inspected = (O, G), (I,), GRADES
    rounds_to(share(good), 23)
    rounds_to(share(inad), 22)
    rounds_to(share(inspected), 77)
    exact = {("East of England", "good"): 48, ("East of England", "inad"): 28,
             ("West Midlands", "inad"): 41, ("East Midlands", "inad"): 9, ("North East", "good"): 21}
    la_share = {}
    for region in sorted(set(regions)):
        rows = sif.merge(las[["la_code", "region"]], on="la_code")
        rows = rows[rows["region"] == region]
        la_share[region] = ((rows["overall_effectiveness"].isin(good)).mean(),
                            (rows["overall_effectiveness"] == I).mean())
    ee_gap = (0.28 - 0.005) - la_share["East of England"][1]
    ne_gap = la_share["North East"][0] - (0.21 + 0.005)
    for region in sorted(set(regions)):
        g, b = share(good, region), share(inad, region)
        if (region, "good") in exact:
            rounds_to(g, exact[(region, "good")])
        else:
            m.le(g(0.475 - margin), 0)
            m.ge(g(la_share[region][0] - ne_gap + margin), 0)
        if (region, "inad") in exact:
            rounds_to(b, exact[(region, "inad")])
        else:
            between(b, 0.095 + margin, 0.405 - margin)
            m.le(b(la_share[region][1] + ee_gap - margin), 0)
    everyone = total(cin[i] + cla[i] + cpp[i] for i in range(n))
    covered = total(cin[i] + cla[i] + cpp[i] for i in range(n) if oe[i])
    m.ge(covered - everyone * (0.765 + margin), 0)
    m.le(covered - everyone * (0.775 - margin), 0)

    x = m.solve("children")
    out = las[["la_code"]].copy()
    for column, var in (("children_in_need", cin), ("children_looked_after", cla),
                        ("child_protection_plans", cpp)):
        out[column] = [int(round(Model.value(x, e))) for e in var]
    return out


# ==========================================================================
# Step 3: dates and inspection numbers
# ==========================================================================

def _monday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _spread(start: dt.date, end: dt.date, k: int, rng: np.random.Generator) -> list[dt.date]:
    """k weekdays spread evenly from start to end, with a little jitter, in order."""
    span = (end - start).days
    steps = np.linspace(0, span, k + 2)[1:-1] + rng.integers(-4, 5, k)
    days = sorted(_weekday_on_or_before(start + dt.timedelta(days=int(np.clip(s, 0, span)))) for s in steps)
    return days


def add_dates(sif: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Inspection rows with dates. Inspections start on a Monday and are
    published 3 to 8 weeks later. LAs already counted at 31 March 2016 were
    published from January 2014 to March 2016; the 22 since, from April to
    October 2016, inspected by 30 September 2016. Slough has two rows: its
    first inspection (among the earliest, inadequate in all three key
    judgements) and its re-inspection, published in the last third of the
    earlier period and counted (footnote: "it is the re-inspection which is
    counted"). Birmingham's later re-inspection falls outside the periods
    and is not in the data."""
    meta = release_dates()
    before_cut, now_cut = meta["previous_published_by"], meta["published_by"]
    inspected_to, start = meta["inspected_to"], meta["framework_start"]

    earlier = sif[~sif["new"]].sort_values("la_code")
    later = sif[sif["new"]].sort_values("la_code")
    slough = earlier[earlier["la_code"] == "E06000039"]
    others = earlier[earlier["la_code"] != "E06000039"]
    order = list(others.index[rng.permutation(len(others))])
    order.insert(int(rng.integers(2 * len(order) // 3, len(order))), slough.index[0])
    first_pub = dt.date(2014, 1, 20)
    pubs = _spread(first_pub, before_cut - dt.timedelta(days=1), len(order), rng)
    dated = []
    for k, row_index in enumerate(order):
        dated.append((row_index, pubs[k], "Yes" if row_index == slough.index[0] else "No"))
    later_order = list(later.index[rng.permutation(len(later))])
    pubs = _spread(before_cut + dt.timedelta(days=5), now_cut - dt.timedelta(days=3), len(later_order), rng)
    for k, row_index in enumerate(later_order):
        dated.append((row_index, pubs[k], "No"))

    rows = []
    for row_index, published, reinspection in dated:
        row = sif.loc[row_index].to_dict()
        gap = int(rng.integers(21, 51))
        inspected = _monday_on_or_before(min(published - dt.timedelta(days=gap), inspected_to))
        row.update(inspection_date=inspected, publication_date=published, reinspection=reinspection)
        rows.append(row)
    # Slough's first inspection: early in the framework, inadequate.
    first = sif.loc[slough.index[0]].to_dict()
    published = _weekday_on_or_before(dt.date(2014, 2, 14))
    first.update(inspection_date=_monday_on_or_before(max(start, published - dt.timedelta(days=int(rng.integers(35, 51))))),
                 publication_date=published, reinspection="No",
                 overall_effectiveness=I, help_and_protection=I, looked_after=I, leadership=I,
                 adoption=RI, care_leavers=I, lscb_overall_effectiveness=RI)
    rows.append(first)
    out = pd.DataFrame(rows).sort_values(["inspection_date", "la_code"]).reset_index(drop=True)
    numbers = 10_000_000 + 3_000 + np.cumsum(rng.integers(40, 400, len(out)))
    out["inspection_id"] = [str(k) for k in numbers]
    return out


def previous_frameworks(judged: JudgementResult, rng: np.random.Generator) -> pd.DataFrame:
    """One Looked After Children row per LA (July 2009 to July 2012, and a
    handful of targeted inspections in the summer of 2013: footnote), and
    one Child Protection row for each of the 50 (July 2012 to July 2013)."""
    rows = []
    lac = sorted(judged.lac)
    lac_days = _spread(dt.date(2009, 7, 6), dt.date(2012, 7, 27), len(lac), rng)
    lac_days = [lac_days[k] for k in rng.permutation(len(lac))]
    targeted = set(rng.choice(len(lac), 4, replace=False).tolist())
    summer_2013 = _spread(dt.date(2013, 6, 3), dt.date(2013, 7, 26), 4, rng)
    for k, (code, grade) in enumerate(lac):
        day = summer_2013.pop() if k in targeted else lac_days[k]
        rows.append({"la_code": code, "framework": "Looked After Children",
                     "inspection_date": _monday_on_or_before(day), "judgement": grade})
    cp = sorted(judged.cp)
    cp_days = _spread(dt.date(2012, 7, 2), dt.date(2013, 7, 26), len(cp), rng)
    cp_days = [cp_days[k] for k in rng.permutation(len(cp))]
    for k, (code, grade) in enumerate(cp):
        rows.append({"la_code": code, "framework": "Child Protection",
                     "inspection_date": _monday_on_or_before(cp_days[k]), "judgement": grade})
    return pd.DataFrame(rows).sort_values(["la_code", "framework"]).reset_index(drop=True)


# ==========================================================================
# Tables and files
# ==========================================================================

LA_COLUMNS = ["la_code", "la_name", "region", "la_type",
              "children_in_need", "children_looked_after", "child_protection_plans"]
SIF_COLUMNS = ["inspection_id", "la_code", "inspection_date", "publication_date", "reinspection",
               "overall_effectiveness", "help_and_protection", "looked_after", "adoption",
               "care_leavers", "leadership", "lscb_overall_effectiveness"]
PREVIOUS_COLUMNS = ["la_code", "framework", "inspection_date", "judgement"]


def build() -> dict[str, pd.DataFrame]:
    """The three LA tables: local_authorities, sif_inspections and
    previous_frameworks, as written to CSV."""
    rng = np.random.default_rng(SEED)
    las = reference()
    judged = solve_judgements(las)
    counts = solve_children(las, judged.sif, rng)
    local_authorities = las.drop(columns="prior_cin").merge(counts, on="la_code")[LA_COLUMNS]
    sif = add_dates(judged.sif, rng)
    sif = sif.sort_values(["la_code", "inspection_date"]).reset_index(drop=True)[SIF_COLUMNS]
    previous = previous_frameworks(judged, rng)[PREVIOUS_COLUMNS]
    return {
        "local_authorities": local_authorities.sort_values("la_code").reset_index(drop=True),
        "sif_inspections": sif,
        "previous_frameworks": previous,
    }


def write(folder: Path) -> None:
    """Write the three tables as UTF-8 CSV (no BOM, \\n line endings)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in build().items():
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\n")
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else RELEASE
    write(target)
    print(f"wrote local_authorities.csv, sif_inspections.csv, previous_frameworks.csv to {target}")
