"""Where a trigger happened: the sentence's place candidates, lists of places, places
a definite noun refers back to, unknown villages and the document's focus province."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from sitrep.extract.events.context import DocContext
from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.triggers import Hit
from sitrep.nlp import syntax
from sitrep.nlp.geo.recognizer import BORDER_WORDS, named_as_border
from sitrep.records import Place


def _border_country(p: Span) -> bool:
    """ "near the Burkina Faso border", "the border with Chad": a neighbour named as a
    border, not where the event happened."""
    if p._.place.feature != "country":
        return False
    before = p.doc[max(0, p.start - 2):p.start]
    return named_as_border(p) or (
        len(before) == 2 and before[0].lower_ in BORDER_WORDS and before[1].lower_ == "with")


def _place_candidates(sent: Span, places: Sequence[Span], actors: Sequence[Span]) -> list[Span]:
    """Places in the sentence that are not part of an actor's name; a country that is
    itself an actor ("U.S. and British warplanes struck targets near Hodeidah") only
    when the sentence names no other place."""
    out, acting = [], []
    for p in places:
        if not syntax.inside(p, sent) or p._.place is None:
            continue
        if any(
            a.start <= p.start and p.end <= a.end and a.end - a.start > p.end - p.start
            for a in actors
        ):
            continue
        if p._.place.feature == "country" and any(
                (a.start, a.end) == (p.start, p.end) for a in actors):
            acting.append(p)
            continue
        out.append(p)
    return out or acting


_LIST_WORDS = {",", "and", "or", "&", "in", "at"}


def _clause(token: Token) -> set[int]:
    """Token indices of a trigger's subtree without conjoined clauses of their own
    ("Kupiansk was retaken ..., and Izium was recaptured": each verb its own place)."""
    out = {t.i for t in token.subtree}
    for c in token.children:
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
            out -= {t.i for t in c.subtree}
    return out


def _listed(doc: Doc, a: Span, b: Span) -> bool:
    """True when only list words ("," "and" "or", a repeated "in") separate two place
    spans, or a qualifier folded into the first ("in A, Province and in B")."""
    gap = list(doc[a.end : b.start])
    if len(gap) > 1 and gap[0].text == "," and gap[1].text[:1].isupper():
        gap = gap[1:]
        while gap and gap[0].text[:1].isupper():
            gap = gap[1:]  # the qualifier's words
    return bool(gap) and any(t.lower_ in {",", "and", "or", "&"} for t in gap) and all(
        t.is_space or t.lower_ in _LIST_WORDS for t in gap)


def _between(p: Span) -> bool:
    doc = p.doc
    window = doc[max(0, p.start - 4) : p.start]
    return any(t.lower_ == "between" for t in window)


_DASHES = frozenset({"—", "–", "--", "-", ":"})


def _dateline(place: Span) -> bool:
    """ "KHARTOUM, Sudan —", "MOGADISHU, Somalia (AP) —": the place a news story was
    filed from, at the head of its sentence before a dash; not where it happened."""
    sent = place.sent
    if place.start - sent.start > 3 or any(
            not (t.text.isupper() or t.text == ",") for t in place.doc[sent.start:place.start]):
        return False
    for tok in place.doc[place.end:min(sent.end, place.end + 8)]:
        if tok.text in _DASHES:
            return True
        if not (tok.text in {",", "(", ")"} or tok.text[:1].isupper()):
            return False
    return False


def choose_places(hit: Hit, candidates: Sequence[Span]) -> list[Span]:
    """The place(s) the event happened at: the trigger's own place and its list mates.

    A list of places ("took A, B and C") gives one event per place, as ACLED codes
    one event per location; "between A and B" is one event, coded to A. A dateline's
    place, or a country named as a border, is the event's only when its sentence names no
    other.
    """
    if not candidates:
        return []
    told = [p for p in candidates if not _dateline(p) and not _border_country(p)]
    # "NIAMEY, Niger — ... near the border with Mali": the dateline, in the country the
    # story is about, rather than the neighbour named as a border
    candidates = told or [p for p in candidates if not _border_country(p)] or list(candidates)
    subtree = _clause(hit.token)
    own = [p for p in candidates if p.root.i in subtree]
    if not own and hit.token.pos_ == "VERB":
        # "beheaded four villagers and burned houses in X": verbs joined with one
        # subject share the place the last of them names
        shared = {t.i for c in hit.token.conjuncts if c.pos_ == "VERB" for t in c.subtree}
        own = [p for p in candidates if p.root.i in shared]
    pool = own or list(candidates)
    local = [p for p in pool if p._.place.feature not in {"country"}]
    pool = local or pool
    first = min(pool, key=lambda p: abs(p.root.i - hit.token.i))
    if _between(first):
        return [first]
    ordered = sorted(candidates, key=lambda p: p.start)
    i = ordered.index(first)
    lo = hi = i
    while lo > 0 and _listed(first.doc, ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and _listed(first.doc, ordered[hi], ordered[hi + 1]):
        hi += 1
    return ordered[lo : hi + 1]


def _near(sent: Span, place: Span, lexicon: Lexicon) -> bool:
    before = sent.doc[max(sent.start, place.start - 2) : place.start]
    return any(t.lower_ in lexicon.near_words for t in before)


def _local_places(hit: Hit, places: Sequence[Span]) -> list[Span]:
    """Places below country level inside the trigger's own phrase."""
    subtree = {t.i for t in hit.token.subtree}
    return [p for p in places if p.root.i in subtree and p._.place.feature != "country"]


def _own_places(hit: Hit, chosen: Sequence[Span]) -> list[Span]:
    """Places that belong to the trigger's clause (its subtree or right after it)."""
    subtree = {t.i for t in hit.token.subtree}
    return [p for p in chosen if p.root.i in subtree or hit.token.i < p.start]


_OBJECT_PATH = {"conj", "compound", "nmod", "appos", "nummod", "amod"}


def _is_object(place: Span, token: Token) -> bool:
    """The place is (part of) the trigger's direct object: "took Charikar", "took A and B"."""
    cur = place.root
    for _ in range(4):
        if cur.head.i == token.i and cur.dep_ in {"dobj", "nsubjpass"}:
            return True
        if cur.dep_ not in _OBJECT_PATH or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _anaphor_count(tok: Token, lexicon: Lexicon) -> int:
    """How many places a definite place noun refers back to: 1 for "the valley", n for
    "the three districts" / "all 3 districts" / "both towns", 0 when it is no anaphor."""
    dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "predet", "nummod", "amod"}}
    number = next(
        (c for c in tok.children if c.dep_ == "nummod" and c.pos_ == "NUM"), None)
    if number is not None:
        word = number.lower_
        n = int(word) if word.isdigit() else lexicon.number_words.get(word, 0)
        dets |= {c.lower_ for c in number.children}  # "all 3 districts"
        return n if n >= 2 and dets & {"the", "these", "those", "all"} else 0
    if "both" in dets and tok.tag_ == "NNS":
        return 2
    if tok.tag_ == "NNS" or not dets & {"the", "this", "that"}:
        return 0
    if any(c.dep_ in {"compound", "amod", "nmod"} and c.pos_ == "PROPN" for c in tok.children):
        return 0  # "the Panjshir valley": a name, not a back-reference
    return 1


def _anaphoric_places(
    hit: Hit, ctx: DocContext, lexicon: Lexicon, here: Sequence[Span] = ()
) -> list[Span]:
    """The places a definite noun in the trigger's clause refers back to ("the valley",
    "the three districts"): the latest ones named before it of the matching kind, in
    this sentence first, then earlier in the document."""
    clause = hit.token
    if clause.pos_ != "VERB" and clause.dep_ == "nsubj" and clause.head.pos_ == "VERB":
        clause = clause.head  # "shells struck a market in the city": the verb's clause
    for tok in clause.subtree:
        noun = tok.lemma_.lower()
        if noun not in lexicon.place_anaphors or tok.ent_type_ not in {"", "CARDINAL"}:
            continue
        n = _anaphor_count(tok, lexicon)
        if not n:
            continue
        features = lexicon.anaphor_features.get(noun, frozenset())
        later = [p for p in here if p.start > tok.i]
        if later:
            colon = next((t.i for t in tok.doc[tok.i + 1 : later[-1].start]
                          if t.text in {":", "\u2014", "\u2013"}), None)
            # "all 3 districts ...: A, B and C" names them after the colon
            return [p for p in later if colon is not None and p.start > colon][:max(n, 1)]
        before = [p for p in here if p.end <= tok.i]

        def fits(place: Span, noun: str = noun, features: frozenset[str] = features) -> bool:
            return noun in place.text.lower() or place._.place.feature in features

        if n == 1 and not before and ctx.places_paragraph >= ctx.paragraph - 1:
            # "the town": where the event being told happened, rather than a town named
            # only to say where that is ("Sake, 25 km west of Goma")
            told = [p for p in ctx.places if p._.place is not None and fits(p)]
            if told:
                return told[:1]
        found: list[Span] = []
        names: set[str] = set()
        # a back-reference reaches into this paragraph and the one before it
        recent = [p for para, p in ctx.seen_places if para >= ctx.paragraph - 1]
        for place in reversed([*recent, *before]):
            key = place._.place.matched if place._.place is not None else place.text
            if key in names or _departure(place):
                continue
            if fits(place):
                found.append(place)
                names.add(key)
                if len(found) == n:
                    break
        return found[::-1]  # fewer than counted: the named ones still locate the event
    return []


def _departure(place: Span) -> bool:
    """ "an offensive from Idlib", "launched from their stronghold in Idlib": where a force
    set out from, which "the city" later in the story does not refer back to."""
    root = place.root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ == "from":
        return True
    # "from their stronghold in X", "from bases in X"
    noun = prep.head
    return (prep.lower_ in {"in", "at", "near"} and noun.dep_ == "pobj"
            and noun.head.lower_ == "from")


def _localities(
    doc: Doc, sent: Span, places: Sequence[Span], para: int, ctx: DocContext
) -> list[Span]:
    """Named villages and towns the gazetteer lacks ("the village of X"), placed in the
    area around them at precision 2: the sentence's own district or province, else the
    paragraph's (ACLED codes an unknown village to the nearest known area)."""
    unplaced = [u for u in syntax.spans(doc, "unplaced") if syntax.inside(u, sent)]
    if not unplaced:
        return []
    areas = [p for p in places if p._.place.feature in {"district", "province", "region"}]
    if not areas:
        areas = [p for p in ctx.paragraph_places.get(para, ())
                 if p._.place.feature in {"district", "province", "city", "village"}]
    if not areas:
        return []
    area = areas[0]._.place
    out = []
    for u in unplaced:
        span = Span(doc, u.start, u.end, label="village")
        span._.place = replace(area, name=u.text, matched=u.text, feature="village",
                               admin3=None, geo_precision=2,
                               reason=f"not in the gazetteer; located by {area.name}")
        out.append(span)
    return out


def _focus_place(doc: Doc, country: str) -> Place | None:
    """The document's main province (set by the places component), at region precision."""
    from sitrep.nlp.geo import default_gazetteer

    for name in doc.user_data.get("sitrep_focus") or ():
        place = default_gazetteer().resolve(f"{name} Province")
        if place is not None and (not country or place.country == country):
            return replace(place, geo_precision=3)
    return None
