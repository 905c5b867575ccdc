"""Numbers as written in conflict reports, and the casualty figures they state.

``parse_number``/``parse_range`` read one number phrase ("1,500", "two dozen",
"at least 20", "between 10 and 15"). ``find_casualties`` finds the figures a
sentence gives for killed, wounded, captured, combined casualties and force
strength, with the noun phrase they are about.

Rules (all word lists in ``data/lexicon/quantities.yaml``):

* Vague words are lower bounds: "dozens" = 12, "hundreds" = 100, "several" and
  "a few" = 3 (ACLED's codebook uses 10 for "several"; change the YAML to follow it).
* "at least N"/"more than N"/"N+" give ``low=N``; "up to N"/"as many as N" give
  ``high=N``; "about/nearly/almost N" and bare figures give ``low=high=N`` (ACLED
  codes the stated number).
* "killed or wounded" and the like cannot be split, so the figure gets kind
  ``casualties``, never ``killed``: only distinguishable deaths count as fatalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitrep.extract.quantities_lexicon import QuantityLexicon, norm, quantity_lexicon

__all__ = ["Casualty", "find_casualties", "parse_number", "parse_range"]

@dataclass(frozen=True)
class Casualty:
    """One figure in a sentence: what happened to how many of whom.

    ``kind`` is killed | wounded | captured | casualties | strength; ``low``/``high``
    bound the figure (both None for "heavy losses"); ``subject`` is the adjacent
    noun phrase the figure counts ("Taliban fighters", "civilians") or "".
    """

    start: int
    end: int
    text: str
    kind: str
    low: int | None
    high: int | None
    subject: str
    subset: bool = False  # part of a figure given before ("15 killed, including 2 children")
    grievance: bool = False  # what a crowd protests ("protested the killing of two students")


# --------------------------------------------------------------------------- numbers


def _core_value(core: str, lex: QuantityLexicon) -> tuple[int, bool] | None:
    """Value of one number core and whether it is vague (a lower bound)."""
    key = norm(core)
    if key in lex.exact:
        return lex.exact[key], False
    if key in lex.vague:
        return lex.vague[key], True
    group = re.fullmatch(r"(.+?)\s+(\w+)", key)
    if group and group.group(2) in lex.group_words:
        inner = _core_value(group.group(1), lex)
        return (None if inner is None else
                (inner[0] * lex.group_words[group.group(2)], False))
    if key in {"a", "an", "another"}:
        return 1, False  # "killed a commander and another man"
    digits = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s*(\w+))?", key)
    if digits:
        value = float(digits.group(1).replace(",", ""))
        if digits.group(2):
            value *= lex.multipliers.get(digits.group(2), 1)
        return int(value), False
    total = current = 0
    for tok in re.split(r"[\s-]+", key):
        if tok == "and":
            continue
        if tok in lex.units:
            current += lex.units[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in lex.multipliers:
            total += max(current, 1) * lex.multipliers[tok]
            current = 0
        else:
            return None
    return total + current, False


def _bounds(mt: re.Match[str], lex: QuantityLexicon) -> tuple[int | None, int | None] | None:
    """(low, high) of a number match, following the module's documented rules."""
    if mt["a1"] or mt["r1"] or mt["h1"]:
        first = _core_value(mt["a1"] or mt["r1"] or mt["h1"], lex)
        second = _core_value(mt["a2"] or mt["r2"] or mt["h2"], lex)
        if first is None or second is None:
            return None
        return min(first[0], second[0]), max(first[0], second[0])
    val = _core_value(mt["n"], lex)
    if val is None:
        return None
    value, vague = val
    qual = lex.qualifier_kind.get(norm(mt["qual"])) if mt["qual"] else None
    if qual == "upper":
        return None, value
    if vague or mt["plus"] or qual == "lower":
        return value, None
    return value, value


def _is_article(mt: re.Match[str]) -> bool:
    return bool(mt["n"]) and norm(mt["n"]) in {"a", "an", "another"}


def _full_number(text: str, allow_article: bool) -> re.Match[str] | None:
    lex = quantity_lexicon()
    mt = lex.number_rx.fullmatch(text.strip())
    if mt is None or (_is_article(mt) and not allow_article):
        return None
    return mt


def parse_range(text: str, allow_article: bool = False) -> tuple[int | None, int | None]:
    """(low, high) of a number phrase: "10-15" -> (10, 15), "up to 60" -> (None, 60)."""
    mt = _full_number(text, allow_article)
    bounds = None if mt is None else _bounds(mt, quantity_lexicon())
    return bounds if bounds is not None else (None, None)


def parse_number(text: str, allow_article: bool = False) -> int | None:
    """The figure a number phrase states ("1,500", "two dozen", "at least 20"), or None.

    Ranges give their lower bound, upper-bounded phrases ("up to 60") their bound;
    "a"/"an" count as 1 only with ``allow_article``.
    """
    low, high = parse_range(text, allow_article)
    return low if low is not None else high


# --------------------------------------------------------------------------- casualties


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*|[^\s\w]")
_PARTITIVE_DETS = frozenset({"its", "their", "the", "his", "her", "our", "them", "whom", "these",
                             "those", "which"})
_LEADING_MODS = frozenset({"more", "other", "additional", "further", "others"})
_SUBSET_CUES = frozenset({"including", "among", "mostly", "mainly", "many", "most"})


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str, pos: int, limit: int = 14) -> list[_Tok]:
    out: list[_Tok] = []
    for mt in _TOKEN.finditer(text, pos):
        out.append(_Tok(mt.group(), mt.start(), mt.end()))
        if len(out) >= limit:
            break
    return out


def _is_word(tok: _Tok) -> bool:
    return tok.text[0].isalpha()


def _is_person_head(tok: _Tok, lex: QuantityLexicon) -> bool:
    return tok.low in lex.person_nouns or (tok.text[0].isupper()
                                           and tok.low not in lex.device_words) or (
        _suffixed_person(tok.low, lex))


def _suffixed_person(word: str, lex: QuantityLexicon) -> bool:
    """"guardsman", "tribesmen": a person noun by its ending."""
    return (len(word) >= 5 and word.isalpha() and word.endswith(lex.person_suffixes)
            and word not in lex.not_person_words)


def _singular_person(word: str, lex: QuantityLexicon) -> bool:
    return word in lex.singular_persons or (
        _suffixed_person(word, lex) and word.endswith(lex.singular_suffixes))


def _definite(mt: re.Match[str], lex: QuantityLexicon) -> bool:
    return lex.definite_rx is not None and mt.re is lex.definite_rx


@dataclass(frozen=True)
class _Subject:
    text: str
    end: int  # end offset of the subject (or of the number when empty)
    next_index: int  # index of the first token after the subject
    person: bool  # the head is a person noun or a proper name
    partitive: bool  # "15 of its soldiers"


def _of_them(toks: list[_Tok], subj: _Subject) -> bool:
    """ "five of them", "three of whom": a figure of people told before, with no noun."""
    return (not subj.text and subj.partitive and subj.next_index >= 1
            and toks[subj.next_index - 1].low in {"them", "whom"})


def _passive_at(toks: list[_Tok], i: int, lex: QuantityLexicon) -> tuple[str, int] | None:
    """(kind, index after) of a passive verb phrase starting at token ``i``."""
    for phrase, kind in lex.passive.items():  # longest first (see the lexicon)
        n = len(phrase)
        if tuple(t.low for t in toks[i:i + n]) == phrase:
            return kind, i + n
    return None


def _subject(text: str, toks: list[_Tok], num_end: int, lex: QuantityLexicon,
             stop_at_verbs: bool) -> _Subject:
    """The noun phrase right after a figure, up to a breaker, filler or verb."""
    i = 0
    partitive = False
    while i < len(toks) and toks[i].low in _LEADING_MODS:
        i += 1
    if i < len(toks) and toks[i].low == "of":
        partitive = True
        i += 1
        if i < len(toks) and toks[i].low in _PARTITIVE_DETS:
            i += 1
    i = _past_age(toks, i, lex)
    first = i
    words: list[_Tok] = []
    while i < len(toks) and len(words) < (8 if any(w.low == "of" for w in words) else 5):
        tok = toks[i]
        if not _is_word(tok) or tok.low in lex.breakers or tok.low in lex.fillers:
            break
        if stop_at_verbs and _passive_at(toks, i, lex):
            break
        words.append(tok)
        i += 1
    if not stop_at_verbs:
        # keep the longest prefix that ends in a person noun or a name
        while words and not _is_person_head(words[-1], lex):
            if (len(words) >= 2 and words[-1].low in lex.group_nouns
                    and any(w.low == "of" for w in words[1:-1])):
                break  # "members of the junta"
            words.pop()
        i = first + len(words)
    person = bool(words) and (_is_person_head(words[-1], lex) or (
        words[-1].low in lex.group_nouns and any(w.low == "of" for w in words[1:-1])))
    if first > 0 and toks[first - 1].low == "others":
        person = True
    end = words[-1].end if words else num_end
    subj = text[words[0].start:words[-1].end] if words else ""
    return _Subject(subj, end, i, person, partitive)


def _past_age(toks: list[_Tok], i: int, lex: QuantityLexicon) -> int:
    """The index after an age ("64-year-old", "64 - year - old") at ``i``, else ``i``."""
    if i >= len(toks) or not toks[i].text[:1].isdigit():
        return i
    j = i + 1
    if j < len(toks) and toks[j].text == "-":
        j += 1
    if j < len(toks) and toks[j].low in lex.age_words:
        return j + 1
    if j + 2 < len(toks) and f"{toks[j].low}-{toks[j + 2].low}" in lex.age_words and (
            toks[j + 1].text == "-"):
        return j + 3
    return i


def _try_passive(text: str, num: re.Match[str], lex: QuantityLexicon, article: bool
                 ) -> tuple[str, int, str] | None:
    """'12 soldiers were killed' -> (kind, end, subject)."""
    toks = _tokens(text, num.end())
    subj = _subject(text, toks, num.end(), lex, stop_at_verbs=True)
    if subj.text and not subj.person:
        subj = _participle_subject(text, toks, subj, lex)
    if subj.text and not subj.person:
        return None
    them = not article and _of_them(toks, subj)  # "five of them"
    if (article or subj.partitive) and not subj.text and not them:
        return None
    i = subj.next_index
    if i < len(toks) and toks[i].low in {"including", "among"}:
        # "15 militants including a commander were killed": the subset is an aside
        verb_at = next((j for j in range(i + 1, min(len(toks), i + 8))
                        if _passive_at(toks, j, lex)), None)
        if verb_at is not None and toks[verb_at - 1].low in lex.fillers | {","} | set(
                lex.person_nouns):
            i = verb_at
    if i + 1 < len(toks) and toks[i].text == "," and toks[i + 1].low in _SUBSET_CUES:
        # "29 people, including 11 children, were killed": the subset clause is an aside
        close = next((j for j in range(i + 2, len(toks)) if toks[j].text == ","), None)
        if close is not None:
            i = close
    start = i
    while i < len(toks) and (toks[i].low in lex.fillers or toks[i].text == ","):
        i += 1
    verb = _passive_at(toks, i, lex)
    if verb is None:
        return None
    kind, after = verb
    if (not any(t.low in _BE for t in toks[start:i]) and after < len(toks)
            and (toks[after].low in _OBJECT_STARTS or toks[after].text[:1].isdigit())):
        return None  # "a militant killed a rider": active, its object follows
    return kind, toks[after - 1].end, subj.text


_BE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
# words that open a direct object: after a bare past form ("militant killed a rider") they
# make it active, not a headline's passive ("militant killed")
_OBJECT_STARTS = frozenset({"a", "an", "the", "his", "her", "their", "its", "two", "three",
                            "four", "five", "six", "seven", "eight", "nine", "ten", "several",
                            "dozens", "scores", "hundreds"})
_PARTICIPLE_SPAN = 8  # tokens a participial phrase may run before the passive verb
_PARTICIPLE_PREPS = frozenset({"on", "in", "at", "with", "by", "from", "to", "near", "into",
                               "across"})  # "travelling on a motorbike", "returning from"


def _participle_subject(text: str, toks: list[_Tok], subj: _Subject, lex: QuantityLexicon
                        ) -> _Subject:
    """"two women travelling on a motorbike were killed": the subject is the person noun
    before the participle, and the passive verb comes after the phrase (no comma, no
    clause break in between); ``subj`` unchanged when the words do not read so."""
    start = next((i for i, t in enumerate(toks) if t.start >= subj.end - len(subj.text)), 0)
    for k in range(start + 1, min(subj.next_index, start + 4)):
        tok = toks[k]
        if not (tok.low.endswith("ing") and tok.low not in _SUBSET_CUES
                and _is_person_head(toks[k - 1], lex)):
            continue
        for j in range(k + 1, min(len(toks), k + _PARTICIPLE_SPAN)):
            if toks[j].low in {"was", "were"} and _passive_at(toks, j + 1, lex):
                words = text[toks[start].start:toks[k - 1].end]
                return _Subject(words, toks[k - 1].end, j, True, subj.partitive)
            if not _is_word(toks[j]) or toks[j].low in lex.breakers - _PARTICIPLE_PREPS:
                return subj
        return subj
    return subj


def _try_noun(text: str, num: re.Match[str], lex: QuantityLexicon, article: bool
              ) -> tuple[str, int, str] | None:
    """'8 casualties', '30 civilian deaths' -> (kind, end, subject)."""
    if article:
        return None
    toks = _tokens(text, num.end(), limit=4)
    for i, tok in enumerate(toks[:3]):
        if not _is_word(tok):
            return None
        if tok.low in lex.noun_kind:
            subj = text[toks[0].start:toks[i - 1].end] if i else ""
            return lex.noun_kind[tok.low], tok.end, subj
        if tok.low in lex.breakers or tok.low in lex.fillers:
            return None
    return None


def _try_active(text: str, num: re.Match[str], lex: QuantityLexicon, article: bool
                ) -> tuple[str, int, int, str] | None:
    """'killing 61 Taliban fighters' -> (kind, start, end, subject)."""
    before = text[max(0, num.start() - 40):num.start()]
    lead = lex.lead_in_rx.search(before)
    verb = lex.active_rx.search(before)
    hit = lead or verb
    if hit is None:
        return None
    kinds = lex.lead_in_kind if lead else lex.active_kind
    kind = kinds[norm(hit.group(1))]
    start = num.start() - len(before) + hit.start(1)
    toks = _tokens(text, num.end())
    subj = _subject(text, toks, num.end(), lex, stop_at_verbs=False)
    if kind in _HARMS and not article and _of_them(toks, subj):
        # "killing three of them": people told before
        return kind, start, toks[subj.next_index - 1].end, ""
    if not subj.text:
        if article or subj.partitive or kind == "strength":
            if kind != "strength" or article:
                return None
        nxt = toks[subj.next_index] if subj.next_index < len(toks) else None
        if (nxt is not None and _is_word(nxt) and nxt.text[0].islower()
                and nxt.low not in lex.breakers and nxt.low not in lex.fillers):
            return None  # "captured 14 villages": a count of things, not people
    return kind, start, subj.end, subj.text


def _try_strength(text: str, num: re.Match[str], lex: QuantityLexicon, article: bool
                  ) -> tuple[int, str] | None:
    """'9,000 fighters', '7,000 personnel under arms' -> (end, subject)."""
    if article:
        return None
    toks = _tokens(text, num.end())
    subj = _subject(text, toks, num.end(), lex, stop_at_verbs=False)
    if not subj.text or subj.partitive:
        return None
    head = subj.text.split()[-1].lower()
    if head not in lex.force_nouns and norm(subj.text) not in lex.force_nouns:
        return None
    return subj.end, subj.text


def _excluded(text: str, num: re.Match[str], lex: QuantityLexicon) -> bool:
    """Figures that are dates, years, units, money, ages or labels, not people."""
    after = text[num.end():num.end() + 25]
    if lex.not_after_rx.match(after):
        return True
    if lex.not_before_rx.search(text[max(0, num.start() - 15):num.start()]):
        return True
    nxt = re.match(r"\s*(?:of\s+)?([A-Za-z]+)", after)
    if nxt and nxt.group(1).lower() in lex.months and nxt.group(1)[0].isupper():
        return True
    prev = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, num.start() - 12):num.start()])
    if prev and prev.group(1).lower() in lex.months and prev.group(1)[0].isupper():
        return True
    core = num["n"] or ""
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", core.strip()):
        toks = _tokens(text, num.end(), limit=2)
        return not (toks and _is_word(toks[0]) and _is_person_head(toks[0], lex))
    return False


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    kind: str
    subject: str
    how: str  # passive | noun | active | strength


_CACHE_SIZE = 4096
_FOUND: dict[tuple[str, bool], tuple[Casualty, ...]] = {}
_FOUND_FOR: list[QuantityLexicon] = []  # the lexicon the cached figures were read with


def find_casualties(text: str, allow_article: bool = True) -> list[Casualty]:
    """Casualty and strength figures stated in one sentence, in text order.

    With ``allow_article`` a singular "a/an <person>" counts as 1 when a casualty
    verb follows or precedes it ("a commander was killed"). Extraction asks about the
    same sentence many times, so answers are kept (per lexicon, a bounded number).
    """
    lex = quantity_lexicon()
    if not _FOUND_FOR or _FOUND_FOR[0] is not lex or len(_FOUND) >= _CACHE_SIZE:
        _FOUND.clear()
        _FOUND_FOR[:] = [lex]
    key = (text, allow_article)
    found = _FOUND.get(key)
    if found is None:
        found = _FOUND[key] = tuple(_find_casualties(text, lex, allow_article))
    return list(found)


def _find_casualties(text: str, lex: QuantityLexicon, allow_article: bool) -> list[Casualty]:
    """:func:`find_casualties` without the cache."""
    all_nums = list(lex.number_rx.finditer(text))
    nums = [mt for mt in all_nums
            if not _excluded(text, mt, lex) and (allow_article or not _is_article(mt))]
    if allow_article and lex.definite_rx is not None:
        # "killing the driver", "the village chief was shot dead": one person
        nums = sorted([*nums, *lex.definite_rx.finditer(text)], key=lambda m: m.start())
    found: list[_Found | None] = []
    for mt in nums:
        article = _is_article(mt)
        res: _Found | None = None
        if _definite(mt, lex):
            found.append(_definite_harm(text, mt, lex))
            continue
        passive = _try_passive(text, mt, lex, article)
        if passive:
            res = _Found(mt.start(), passive[1], passive[0], passive[2], "passive")
        elif noun := _try_noun(text, mt, lex, article):
            res = _Found(mt.start(), noun[1], noun[0], noun[2], "noun")
        elif active := _try_active(text, mt, lex, article):
            res = _Found(active[1], max(active[2], mt.end()), active[0], active[3], "active")
        found.append(res)
    _coordinate(text, nums, found, lex)
    out: list[Casualty] = []
    for mt, res in zip(nums, found, strict=True):
        if res is None and not _definite(mt, lex) and (
                strength := _try_strength(text, mt, lex, _is_article(mt))):
            res = _Found(mt.start(), strength[0], "strength", strength[1], "strength")
        if res is None:
            continue
        bounds = (1, 1) if _definite(mt, lex) else _bounds(mt, lex)
        if bounds is None:
            continue
        out.append(Casualty(res.start, res.end, text[res.start:res.end], res.kind,
                            bounds[0], bounds[1], res.subject))
    for mt in all_nums:  # "a 2,000-strong battalion"
        strong = re.match(r"\s*-\s*strong\b(?:\s+([A-Za-z][\w'-]*))?", text[mt.end():])
        bounds = _bounds(mt, lex) if strong else None
        if strong and bounds is not None:
            end = mt.end() + strong.end()
            out.append(Casualty(mt.start(), end, text[mt.start():end], "strength", bounds[0],
                                bounds[1], strong.group(1) or ""))
    for mt in lex.heavy_rx.finditer(text):
        if not any(c.start <= mt.start() < c.end for c in out):
            out.append(Casualty(mt.start(), mt.end(), mt.group(), "casualties", None, None, ""))
    out = [replace(c, grievance=True) if _grievance(text, c, lex) else c for c in out]
    return _mark_subsets(text, sorted(out, key=lambda c: c.start))


def _grievance(text: str, cas: Casualty, lex: QuantityLexicon) -> bool:
    """The figure is what a crowd protests ("protested the killing of two students"):
    the lexicon's pattern read over the words before it, a NUL marking where it starts."""
    if lex.grievance_rx is None:
        return False
    probe = f"{text[max(0, cas.start - 60):cas.start]}\x00{cas.text}"
    return lex.grievance_rx.search(probe) is not None


_HARMS = frozenset({"killed", "wounded"})


def _definite_harm(text: str, mt: re.Match[str], lex: QuantityLexicon) -> _Found | None:
    """"killing the driver", "its commander was shot dead": a singular person noun after a
    definite determiner is one person when a harm verb takes it (ACLED counts it)."""
    if re.search(r"\bof\s*$", text[max(0, mt.start() - 4):mt.start()], re.IGNORECASE):
        return None  # "one of the guards"
    if re.match(r"\s+(?:late|former|deceased)\b", text[mt.end():], re.IGNORECASE):
        return None  # "the late mayor": dead before, not in the event
    for how in ("passive", "active"):
        res = (_try_passive(text, mt, lex, True) if how == "passive"
               else _try_active(text, mt, lex, True))
        if res is None or res[0] not in _HARMS:
            continue
        subject = res[-1]
        last = subject.split()[-1].lower() if subject else ""
        if not _singular_person(last, lex):
            return None
        if how == "passive":
            return _Found(mt.start(), res[1], res[0], subject, how)
        verb = text[res[1]:mt.start()].split()
        if verb and verb[0].lower().endswith("ing") and re.search(
                r"\b(?:for|of|over|against|after)\s*$", text[max(0, res[1] - 12):res[1]],
                re.IGNORECASE):
            return None  # "sentenced for killing her husband": an act named, not told
        return _Found(res[1], res[2], res[0], subject, how)
    return None


_SUBSET_BEFORE = re.compile(
    r"(?:\bincluding|\bamong(?:\s+(?:them|whom|the\s+\w+))?|\bof\s+(?:whom|them|which)|"
    r"\bmostly|\bmainly|\(|\bnamely)\s*$", re.IGNORECASE)


def _mark_subsets(text: str, found: list[Casualty]) -> list[Casualty]:
    """Flag figures that break down an earlier one ("9 killed, including 2 children",
    "15 militants including a commander"): they must not be added to it."""
    out: list[Casualty] = []
    for cas in found:
        earlier = [c for c in out if c.kind == cas.kind and c.start < cas.start]
        before = text[max(0, cas.start - 25):cas.start]
        if earlier and _SUBSET_BEFORE.search(before):
            cas = replace(cas, subset=True)
        out.append(cas)
    return out


def _coordinate(text: str, nums: list[re.Match[str]], found: list[_Found | None],
                lex: QuantityLexicon) -> None:
    """'5 soldiers and 3 civilians were killed': a figure joined by 'and' shares the verb."""
    joiner = re.compile(
        r"(?P<subj>(?:\s+[A-Za-z][\w'’-]*){0,4}?)\s*(?:,\s*and|,|and|as well as)\s*$",
        re.IGNORECASE)

    def person_gap(gap: str) -> str | None:
        mt = joiner.fullmatch(gap)
        if mt is None:
            return None
        words = mt["subj"].split()
        if words and not (words[-1].lower() in lex.person_nouns or words[-1][0].isupper()):
            return None
        return " ".join(words)

    for i in range(len(nums) - 2, -1, -1):  # right to left: chains of passives
        nxt = found[i + 1]
        if found[i] is None and nxt is not None and nxt.how == "passive" and not (
                _definite(nums[i], lex)
                and " and " not in f" {text[nums[i].end():nums[i + 1].start()].lower()} "):
            subj = person_gap(text[nums[i].end():nums[i + 1].start()])
            if subj is not None:
                # "5 and 3 soldiers were killed": a bare figure has no subject of its own
                # (str.split would raise on the empty separator)
                end = (nums[i].end() + len(text[nums[i].end():].split(subj, 1)[0]) + len(subj)
                       if subj else nums[i].end())
                found[i] = _Found(nums[i].start(), end, nxt.kind, subj, "passive")
    for i in range(1, len(nums)):  # left to right: chains of actives
        prev = found[i - 1]
        if found[i] is None and prev is not None and prev.how == "active":
            gap = text[prev.end:nums[i].start()]
            if _definite(nums[i], lex) and "and" not in gap.lower().split():
                continue  # "killing 5 soldiers, the commander said"
            # "killing 26 people, a hospital official said": a bare comma joins figures,
            # not "a"/"an" (a new clause's subject)
            joins = r"\s*(?:,\s*and|and|as well as)\s*" if _is_article(nums[i]) else (
                r"\s*(?:,\s*and|,|and|as well as)\s*")
            if re.fullmatch(joins, gap, re.IGNORECASE):
                toks = _tokens(text, nums[i].end())
                subj = _subject(text, toks, nums[i].end(), lex, stop_at_verbs=False)
                nxt = toks[subj.next_index] if subj.next_index < len(toks) else None
                if (nxt is not None and nxt.low in lex.competing_cues) or any(
                        w.lower() in lex.competing_cues for w in subj.text.split()):
                    continue  # "killing 10 soldiers, two officials said": the speakers
                if _is_article(nums[i]) and not subj.text:
                    continue  # "killed two soldiers and another was wounded": a new clause
                found[i] = _Found(nums[i].start(), subj.end, prev.kind, subj.text, "active")
