"""Rounding as official statistics round: half up, never half to even;
and a number in words.

Python's round() rounds 72.5 to 72; a published 72.5% must read 73%.
"""

from decimal import Decimal, ROUND_HALF_UP


def percent(count: int, base: int) -> int | None:
    """``count`` as a whole-number percentage of ``base``, rounded half up;
    None when the base is zero (there is no percentage of nothing)."""
    if base == 0:
        return None
    exact = Decimal(int(count)) * 100 / Decimal(int(base))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def half_up(value, places: int = 0) -> Decimal:
    """``value`` rounded half up to ``places`` decimal places."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def in_words(n) -> str:
    """54 -> "fifty-four". (num2words is imported here, when a number is
    first spelt, so that the stages that spell none do not load it.)"""
    from num2words import num2words
    return num2words(int(n))
