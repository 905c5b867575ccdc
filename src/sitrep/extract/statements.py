"""Explicit territorial-control statements and withdrawals, per document.

Captures are events (:mod:`sitrep.extract.events`); this module reads the other ways reports
say who holds what:

- ``holds``: "the Front controls Gao", "Gao is held by the army", "Gao remained under
  army control", "the army-held town of Gao", "the army holds most of the region";
- ``share``: partial control, "the Front retains 60-65% of the district", "parts of";
- ``withdrew``: "the army withdrew from / pulled out of / abandoned Gao": the actor no
  longer holds the place; ``successor`` is who takes over (named recipient, an opponent
  named in the sentence, else the document's most-named opponent; "" if none).

Cue words live in ``data/lexicon/statements.yaml``. :func:`extract_statements` is a pure
function of a document and its analysed spaCy ``Doc`` (the one
:func:`sitrep.extract.events.extract_mentions` reads), so it runs in any worker process.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from sitrep.extract import attribution
from sitrep.extract.common import coded_day, trim
from sitrep.extract.statements_lexicon import ControlLexicon, load_control_lexicon
from sitrep.nlp import syntax
from sitrep.nlp.actors import ActorRegistry
from sitrep.records import ControlStatement, Document, Place, Timex

_CLAUSES = {"advcl", "ccomp", "relcl", "parataxis", "csubj"}
_PERCENT = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent)?\s*(?:-|–|—|to)\s*(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent)"
    r"|(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent)",
    re.IGNORECASE,
)


def statement_id(doc_id: str, start: int, kind: str, place: str, controller: str) -> str:
    """Stable id (``st-`` + hash): same document, sentence, kind, place and actor."""
    key = f"{doc_id}|{start}|{kind}|{place}|{controller}"
    return "st-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# -- parse helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    kind: str
    controller: str
    places: tuple[Span, ...]
    cue: Token
    successor: str = ""
    share: tuple[int, int] | None = None


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _clause_tokens(verb: Token) -> set[int]:
    """The verb's own clause: its subtree without embedded clauses and conjoined verbs."""
    out = _subtree(verb)
    for c in verb.children:
        if c.dep_ in _CLAUSES or (c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
            out -= _subtree(c)
    return out


def _subject(verb: Token, deps: Iterable[str] = ("nsubj",)) -> Token | None:
    """The subject of a verb, climbing conjoined verbs ("took X and holds Y")."""
    cur = verb
    for _ in range(4):
        subj = next((c for c in cur.children if c.dep_ in deps), None)
        if subj is not None:
            return subj
        if cur.dep_ not in {"conj", "xcomp"} or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _actor_in(idx: set[int], actors: Sequence[Span], registry: ActorRegistry) -> str:
    """The first belligerent actor (non-empty side) whose span lies in ``idx``."""
    for a in actors:
        if a.root.i in idx and _belligerent(registry, a.label_):
            return str(a.label_)
    return ""


def _belligerent(registry: ActorRegistry, name: str) -> bool:
    try:
        actor = registry.actor(name)
    except KeyError:
        return False
    return bool(actor.side) and actor.kind != "source"


def _places_in(idx: set[int], places: Sequence[Span], actors: Sequence[Span]) -> list[Span]:
    taken = {t.i for a in actors for t in a}
    return [p for p in places if p.root.i in idx and not ({t.i for t in p} & taken)]


def _irrealis(tok: Token, lex: ControlLexicon) -> bool:
    """Negated, modal, conditional, or under a verb of intent ("tried to hold")."""
    chain = [tok]
    cur = tok
    for _ in range(3):
        if cur.dep_ not in {"xcomp", "ccomp", "conj", "advcl", "pcomp"} or cur.head.i == cur.i:
            break
        cur = cur.head
        chain.append(cur)
    for i, t in enumerate(chain):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in {"never", "longer"}):
                return True
            if c.dep_ == "aux" and c.lower_ in lex.modals:
                return True
            if c.dep_ == "mark" and c.lower_ in lex.conditional_marks:
                return True
        if i > 0 and t.lemma_.lower() in lex.irrealis_heads:
            return True
    return False


def _share(tokens: Sequence[Token], lex: ControlLexicon) -> tuple[tuple[int, int] | None, bool]:
    """(share range, partial?) of the words between a hold cue and its place."""
    if not tokens:
        return None, False
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    m = _PERCENT.search(text)
    if m:
        if m.group(3):
            v = round(float(m.group(3)))
            return (v, v), True
        lo, hi = sorted((round(float(m.group(1))), round(float(m.group(2)))))
        return (lo, hi), True
    lowers = [t.lower_ for t in tokens]
    if any(w in lex.majority_words for w in lowers):
        return None, False
    words = dict(lex.share_words)
    for w in lowers:
        if w in words:
            rng = words[w]
            return rng, True
    return None, False


def _share_region(verb: Token, place: Span) -> list[Token]:
    """Tokens between the cue and the place (where "60% of" or "parts of" is said)."""
    doc = verb.doc
    lo, hi = sorted((verb.i + 1, place.start))
    return [t for t in doc[lo:hi]]


def _holds_from_verb(
    tok: Token,
    actors: Sequence[Span],
    places: Sequence[Span],
    registry: ActorRegistry,
    lex: ControlLexicon,
) -> list[_Found]:
    clause = _clause_tokens(tok)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )
    if passive:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is None:
            return []
        who = _actor_in(_subtree(agent), actors, registry)
        subj = _subject(tok, ("nsubjpass",))
        if subj is not None:
            where = _places_in(_subtree(subj), places, actors)
        elif tok.dep_ == "acl":
            where = [p for p in places if p.start <= tok.head.i < p.end or p.root.i == tok.head.i]
            where = where or _places_in(_subtree(tok.head) - _subtree(tok), places, actors)
        else:
            where = []
        return [_Found("holds", who, tuple(where), tok)] if who and where else []
    subj = _subject(tok)
    if subj is None or any(
        c.dep_ == "dobj" and c.lemma_.lower() in lex.non_territorial_objects for c in tok.children
    ):
        return []
    who = _actor_in(_subtree(subj), actors, registry)
    where = _places_in(clause - _subtree(subj), places, actors)
    if not who or not where:
        return []
    out = []
    for p in where:
        share, partial = _share(_share_region(tok, p), lex)
        out.append(_Found("share" if partial else "holds", who, (p,), tok, share=share))
    return out


def _holds_from_noun(
    tok: Token,
    actors: Sequence[Span],
    places: Sequence[Span],
    registry: ActorRegistry,
    lex: ControlLexicon,
) -> list[_Found]:
    """ "P remained under X control", "P is in the hands of X", "X is in control of P"."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in lex.control_prepositions:
        return []
    own = _subtree(tok)
    governor = prep.head
    if governor.pos_ in {"VERB", "AUX"}:
        subj = _subject(governor, ("nsubj", "nsubjpass"))
        other = _subtree(subj) if subj is not None else set()
    else:  # "Gao, under army control since May, ..."
        other = {t.i for t in governor.subtree} - {t.i for t in prep.subtree}
    who = _actor_in(own, actors, registry)
    if who:
        where = _places_in(other, places, actors)
    else:
        who = _actor_in(other, actors, registry)
        where = _places_in(own, places, actors)
    if not who or not where or _irrealis(governor, lex):
        return []
    return [_Found("holds", who, tuple(where), tok)]


def _held_compounds(
    sent: Span,
    actors: Sequence[Span],
    places: Sequence[Span],
    registry: ActorRegistry,
    lex: ControlLexicon,
) -> list[_Found]:
    """ "the army-held town of Gao", "Front-controlled Gao"."""
    out = []
    for a in actors:
        doc = sent.doc
        if a.end + 2 > sent.end or not _belligerent(registry, a.label_):
            continue
        dash, adj = doc[a.end], doc[a.end + 1]
        if dash.text not in {"-", "–"} or adj.lower_ not in lex.held_adjectives:
            continue
        later = [p for p in places if a.end + 2 <= p.start <= a.end + 7 and p.start < sent.end]
        if later:
            out.append(_Found("holds", str(a.label_), (later[0],), adj))
    return out


def _withdrawals(
    tok: Token,
    actors: Sequence[Span],
    places: Sequence[Span],
    registry: ActorRegistry,
    lex: ControlLexicon,
    belligerents: Sequence[str],
) -> list[_Found]:
    clause = _clause_tokens(tok)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
    subj = _subject(tok, ("nsubjpass",) if passive else ("nsubj",))
    if subj is None or any(
        c.dep_ == "dobj" and c.lemma_.lower() in lex.people_objects for c in tok.children
    ):
        return []
    who = _actor_in(_subtree(subj), actors, registry)
    if not who:
        return []
    away: set[int] = set()
    recipient = ""
    for c in tok.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ in lex.destination_prepositions:
            away |= _subtree(c)
            if c.lower_ in lex.recipient_prepositions and not recipient:
                recipient = _actor_in(_subtree(c), actors, registry)
    if passive:
        for c in tok.children:
            if c.dep_ == "agent":
                away |= _subtree(c)
    where = _places_in(clause - _subtree(subj) - away, places, actors)
    if not where:
        return []
    successor = recipient if recipient and recipient != who else ""
    if not successor:
        named = [a.label_ for a in actors if a.root.i not in _subtree(subj)]
        successor = next((str(n) for n in named if registry.opponents(who, n)), "")
    if not successor:
        successor = next((b for b in belligerents if registry.opponents(who, b)), "")
    return [_Found("withdrew", who, tuple(where), tok, successor=successor)]


def _is_withdraw_cue(tok: Token, lex: ControlLexicon) -> bool:
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = tok.lemma_.lower()
    if lemma in lex.withdraw_verbs:
        return True
    particles = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep", "advmod"}}
    return any(v == lemma and p in particles for v, p in lex.withdraw_phrasal)


def find_statements(
    sent: Span,
    actors: Sequence[Span],
    places: Sequence[Span],
    registry: ActorRegistry,
    lex: ControlLexicon,
    belligerents: Sequence[str] = (),
) -> list[_Found]:
    """The control statements of one parsed sentence (actors, places: spans in it)."""
    found: list[_Found] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"} and lemma in lex.hold_verbs and not _irrealis(tok, lex):
            found.extend(_holds_from_verb(tok, actors, places, registry, lex))
        elif tok.pos_ in {"NOUN", "PROPN"} and lemma in lex.control_nouns:
            found.extend(_holds_from_noun(tok, actors, places, registry, lex))
        elif _is_withdraw_cue(tok, lex) and not _irrealis(tok, lex):
            found.extend(_withdrawals(tok, actors, places, registry, lex, belligerents))
    found.extend(_held_compounds(sent, actors, places, registry, lex))
    return found


# -- per document ------------------------------------------------------------------------


def _by_party(claimant: str, registry: ActorRegistry) -> bool:
    """A claimant that is not a reporting source (outlet, agency, "local sources")."""
    if not claimant:
        return False
    try:
        return registry.actor(claimant).kind != "source"
    except KeyError:
        return True  # a person or an official ("a commander"): a party's word


def extract_statements(
    document: Document, doc: Doc, registry: ActorRegistry, lexicon: ControlLexicon | None = None
) -> list[ControlStatement]:
    """Control statements of one analysed document, in text order.

    Dated by the sentence's own date expression, else the last one of the same
    paragraph, else the publication date when it was stated (byline/metadata);
    otherwise ``date`` is None (kept for provenance, ignored by the timeline).
    """
    lex = lexicon or load_control_lexicon()
    all_actors = [a for a in syntax.spans(doc, "actors") if a._.actor_kind != "source"]
    all_places = [p for p in syntax.spans(doc, "places") if p._.place is not None]
    all_timex = [t for t in syntax.spans(doc, "timex") if t._.timex is not None]
    counts = Counter(a.label_ for a in all_actors)
    belligerents = [
        str(n) for n in sorted(counts, key=lambda n: (-counts[n], n)) if _belligerent(registry, n)
    ]
    published = document.stated_date
    out: dict[str, ControlStatement] = {}
    para, para_tx = -1, None
    breaks = _paragraph_breaks(doc.text)
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        here = _breaks_before(breaks, doc, sent.start)
        if here != para:
            para, para_tx = here, None
        inside = [t for t in all_timex if sent.start <= t.start and t.end <= sent.end]
        actors = [a for a in all_actors if sent.start <= a.start and a.end <= sent.end]
        places = [p for p in all_places if sent.start <= p.start and p.end <= sent.end]
        found = (
            find_statements(sent, actors, places, registry, lex, belligerents)
            if (actors and places)
            else []
        )
        if found:
            attr = attribution.attribute(sent)
            start, end = trim(document.text, sent.start_char, sent.end_char)
            for f in found:
                if attr.denial:
                    continue
                day, precision, flags = _date(f.cue, inside, para_tx, published)
                for p in f.places:
                    place: Place = p._.place
                    sid = statement_id(document.doc_id, start, f.kind, place.matched, f.controller)
                    out.setdefault(
                        sid,
                        ControlStatement(
                            statement_id=sid,
                            doc_id=document.doc_id,
                            doc_file=document.doc_file,
                            place=place,
                            controller=f.controller,
                            kind=f.kind,
                            date=day,
                            time_precision=precision,
                            char_start=start,
                            char_end=end,
                            evidence=document.text[start:end],
                            successor=f.successor,
                            share_low=f.share[0] if f.share else None,
                            share_high=f.share[1] if f.share else None,
                            claimant=attr.claimant,
                            by_party=_by_party(attr.claimant, registry),
                            hedged=attr.hedged,
                            flags=flags,
                        ),
                    )
        if inside:
            para_tx = inside[-1]._.timex
    return sorted(out.values(), key=lambda s: (s.char_start, s.statement_id))


def _paragraph_breaks(text: str) -> list[int]:
    """End offsets of the blank-line breaks ``str.count("\\n\\n")`` would count, in order."""
    ends, at = [], text.find("\n\n")
    while at >= 0:
        ends.append(at + 2)
        at = text.find("\n\n", at + 2)
    return ends


def _breaks_before(ends: list[int], doc: Doc, token: int) -> int:
    """Paragraph breaks in the text of ``doc[:token]``, without slicing it (linear, not
    quadratic, over a long document)."""
    if token == 0:
        return 0
    prev = doc[token - 1]
    return bisect_right(ends, prev.idx + len(prev.text))


def _date(
    cue: Token, inside: Sequence[Span], para_tx: Timex | None, published: date | None
) -> tuple[date | None, int, tuple[str, ...]]:
    if inside:
        span = min(inside, key=lambda s: (abs(s.start - cue.i), s.start))
        tx: Timex = span._.timex
        return coded_day(tx), tx.precision, ()
    if para_tx is not None:
        return coded_day(para_tx), max(para_tx.precision, 1), ("date-from-context",)
    if published is not None:
        return published, 2, ("date-from-publication",)
    return None, 3, ()
