"""Places on one branch of the gazetteer hierarchy: country ⊃ province ⊃ district ⊃ village.

Merging (:mod:`sitrep.merge.events`) and refutation (:mod:`sitrep.merge.claims`) both ask
whether two places can be the same real place written at two precisions.
"""

from __future__ import annotations

from sitrep.records import Place


def level(p: Place | None) -> int:
    """0 unknown, 1 country, 2 province or valley, 3 district, 4 village or landmark."""
    if p is None:
        return 0
    if not p.admin1:
        return 1
    if not p.admin2:
        return 2
    return 3 if p.feature == "district" or p.matched == p.admin2 else 4


def contains(outer: Place | None, inner: Place | None) -> bool:
    """True when ``inner`` is ``outer`` or lies inside it (province ⊃ district ⊃ village)."""
    if outer is None or inner is None:
        return outer is None and inner is None
    if outer.country != inner.country:
        return False
    lo, li = level(outer), level(inner)
    if lo > li:
        return False
    if lo >= 2 and outer.admin1 != inner.admin1:
        return False
    if lo >= 3 and outer.admin2 != inner.admin2:
        return False
    return lo < 4 or outer.matched == inner.matched


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """One place contains the other: the same real place at two precisions."""
    return contains(a, b) or contains(b, a)


def place_score(a: Place | None, b: Place | None) -> float:
    """Agreement of two compatible places: 1 same level, 0.7 both province or finer, else 0.4."""
    if a is None or b is None:
        return 0.5
    if level(a) == level(b):
        return 1.0
    return 0.7 if min(level(a), level(b)) >= 2 else 0.4


def place_key_of(p: Place | None) -> str:
    """Key of a place: country, province, district and gazetteer name ("?" for none)."""
    if p is None:
        return "?"
    return "|".join(x or "" for x in (p.country, p.admin1, p.admin2, p.matched))
