"""Who asserts a sentence, and is it hedged, denied or confirmed?

Works on a parsed sentence whose doc carries ``doc.spans["actors"]`` (set by
the ``sitrep_actors`` component). The claimant is the *speaker* of the
sentence's content (subject of the top reporting verb, object of "according
to"), never the agent of the event it reports. Cue words live in
``data/lexicon/attribution.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

import sitrep.nlp.actors  # noqa: F401  (registers Span._.person / Span._.actor_kind)
from sitrep.extract.attribution_lexicon import AttributionLexicon, load_lexicon
from sitrep.nlp import syntax

__all__ = [
    "Attribution",
    "AttributionLexicon",
    "Denial",
    "attribute",
    "find_denials",
    "load_lexicon",
]

# Dependents of a subject that belong to another clause, not to the speaker's name.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})
# Ways a reporting verb can govern the sentence (besides being its root).
_TOP_DEPS = frozenset({"ROOT", "parataxis", "ccomp", "conj"})
_EDGE_PUNCT = frozenset({"PUNCT", "CCONJ"})


@dataclass(frozen=True)
class Attribution:
    """Who asserts a sentence's content, and how firmly."""

    claimant: str  # canonical actor/source, else the cleaned phrase, "" when unattributed
    claimant_text: str
    start: int  # char offsets of the claimant phrase in the doc, -1 when none
    end: int
    cue: str  # lemma of the reporting cue: say, claim, accord, deny, ...
    hedged: bool
    denial: bool
    confirmed: bool
    claimant_person: str = ""  # canonical person name when the speaker is a known person
    cue_index: int = -1  # doc token index of the cue verb/noun/preposition, -1 when none


@dataclass(frozen=True)
class Denial:
    """A sentence in which a party denies, refutes or disputes something."""

    sent_start: int
    sent_end: int
    denier: str
    denier_text: str
    cue: str
    target: str  # actor whose claim is denied, when named; else ""


# --- small parse helpers ----------------------------------------------------


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _norm(text: str) -> str:
    return text.lower().replace("’", "'")


def _depth(tok: Token, root: Token) -> int:
    depth = 0
    while tok.i != root.i and tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children if tok.dep_ == "xcomp"
    )


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _actor_spans(doc: Doc) -> list[Span]:
    return syntax.spans(doc, "actors")  # read once per Doc, not once per call


def _entity_at(token: Token) -> Span:
    """The named entity ``token`` is in, read from the IOB tags around it (``doc.ents``
    builds a Span for every entity of the document on each call)."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head``: its subtree minus embedded clauses and edge punctuation."""
    skip: set[int] = set()
    for tok in head.subtree:
        if tok.i != head.i and tok.dep_ in _CLAUSE_DEPS:
            skip.update(t.i for t in tok.subtree)
    toks = [t for t in head.subtree if t.i not in skip]
    # keep the contiguous run around the head so offsets quote real text
    run = [t for t in toks if t.i <= head.i]
    out: list[Token] = []
    for tok in reversed(run):
        if out and tok.i != out[-1].i - 1:
            break
        out.append(tok)
    out.reverse()
    for tok in (t for t in toks if t.i > head.i):
        if tok.i != out[-1].i + 1:
            break
        out.append(tok)
    while len(out) > 1 and (out[-1].pos_ in _EDGE_PUNCT or out[-1].dep_ == "case"):
        out.pop()
    while len(out) > 1 and out[0].pos_ in _EDGE_PUNCT:
        out.pop(0)
    return out


@dataclass(frozen=True)
class _Speaker:
    claimant: str
    text: str
    start: int
    end: int
    person: str = ""


_NO_SPEAKER = _Speaker("", "", -1, -1)


def _speaker_from_phrase(head: Token, lex: AttributionLexicon) -> _Speaker:
    """Name the party a noun phrase stands for: a tagged actor/person/source, else its text."""
    doc = head.doc
    toks = _phrase_tokens(head)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc[toks[0].i : toks[-1].i + 1].text  # not doc.text: that joins the whole doc
    if head.lower_ in lex.person_pronouns | lex.group_pronouns and len(toks) == 1:
        found = _antecedent(head, lex)
        if found is not None and found.label_ == "PERSON":  # an untagged person: name them
            name = found.text if len(found) > 1 else ""  # one-word PERSON: often a mis-tag
            return _Speaker(name, text, start, end)
        if found is not None:
            return _Speaker(found.label_, text, start, end, found._.person)
        return _Speaker("", text, start, end)
    spans = _actor_spans(doc)
    own = [s for s in spans if s.start <= head.i < s.end]
    if own:  # the head's own mention, even when the parser cut it short
        best = own[0]
        first, last = min(toks[0].i, best.start), max(toks[-1].i + 1, best.end)
        whole = doc[first:last]
        return _Speaker(best.label_, whole.text, whole.start_char, whole.end_char, best._.person)
    inside = [s for s in spans if s.start_char >= start and s.end_char <= end]
    if inside:
        best = inside[0]
        return _Speaker(best.label_, text, start, end, best._.person)
    if head.ent_type_ in ("DATE", "TIME"):  # "By the following day, X was confirmed"
        return _NO_SPEAKER
    deeper = [s for s in spans if s.start_char >= head.left_edge.idx
              and s.end_char <= head.right_edge.idx + len(head.right_edge.text)]
    if deeper:  # "a video published by <outlet>": the outlet speaks
        best = deeper[0]
        return _Speaker(best.label_, text, start, end, best._.person)
    named = [e for e in doc.ents if e.label_ in ("ORG", "PERSON")
             and e.start > head.i and e.end <= head.right_edge.i + 1
             ] if head.lemma_.lower() in lex.reporting_nouns else []
    if named:  # "a video published by <org>"
        return _Speaker(named[0].text, text, start, end)
    possessor = next((t for t in toks if t.dep_ == "poss" and t.pos_ == "PRON"), None)
    if possessor is not None:  # "one of his advisers": whoever "his" is
        found = _antecedent(possessor, lex)
        if found is not None and found.label_ != "PERSON":
            return _Speaker(found.label_, text, start, end, found._.person)
    if head.lemma_.lower() in lex.role_nouns and any(t.lower_ == "the" for t in toks):
        # "The spokesman also claimed": the role was introduced a sentence or two before.
        found = _antecedent_with_role(head, lex)
        if found is not None:
            return _Speaker(found.label_, text, start, end, found._.person)
    entity = _entity_at(head) if head.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") else None
    if entity is not None:  # "Human Rights Watch said": the whole name, not a fragment
        return _Speaker(entity.text, text, start, end)
    core = [t for t in toks if t.i <= head.i]
    if head.pos_ not in ("PRON", "NUM") and core:
        # "Toby Harnden, author of ..." is claimed by "Toby Harnden"
        text_core = doc[core[0].i : head.i + 1].text
    else:
        text_core = text
    cleaned = re.sub(r"^(the|a|an)\s+", "", text_core, flags=re.IGNORECASE).strip()
    return _Speaker(cleaned, text, start, end)


def _antecedent(pronoun: Token, lex: AttributionLexicon) -> Span | None:
    """Nearest earlier mention a pronoun speaker stands for ("..., he said").

    "he"/"she" look back over this and the two previous sentences for a person
    (a tagged person or any PERSON entity: an unknown person is returned as
    that entity, so the speaker is never a wrong, earlier known person);
    "they"/"it"/"we" take the nearest actor in this or the previous sentence.
    """
    doc = pronoun.doc
    want_person = pronoun.lower_ in lex.person_pronouns
    first = _sent_start(doc, pronoun.i)
    for _ in range(2 if want_person else 1):
        if first > 0:
            first = _sent_start(doc, first - 1)
    spans = [
        s
        for s in _actor_spans(doc)
        if first <= s.start and s.end <= pronoun.i and s._.actor_kind == "actor"
    ]
    if not want_person:
        return spans[-1] if spans else None
    people = [s for s in spans if s._.person or s.root.ent_type_ == "PERSON"]
    people += [
        e
        for e in _person_entities(doc, first, pronoun.i)
        if not any(s.start <= e.start < s.end or e.start <= s.start < e.end for s in spans)
    ]
    return max(people, key=lambda s: s.end) if people else None


def _antecedent_with_role(head: Token, lex: AttributionLexicon) -> Span | None:
    """Nearest earlier actor/person tagged in the two previous sentences (for "the spokesman");
    for "the source" the nearest news source there, if any (it is what reported it)."""
    doc = head.doc
    first = _sent_start(doc, head.i)
    for _ in range(2):
        if first > 0:
            first = _sent_start(doc, first - 1)
    if head.lemma_.lower() == "source":
        sources = [s for s in _actor_spans(doc)
                   if first <= s.start and s.end <= head.i and s._.actor_kind == "source"]
        if sources:
            return sources[-1]
    spans = [s for s in _actor_spans(doc)
             if first <= s.start and s.end <= head.i and s._.actor_kind == "actor"]
    people = [s for s in spans if s._.person]
    pool = people or spans
    return pool[-1] if pool else None


def _sent_start(doc: Doc, i: int) -> int:
    """Index of the first token of token ``i``'s sentence (``Token.sent`` is slow on long docs)."""
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _person_entities(doc: Doc, start: int, end: int) -> list[Span]:
    """PERSON entities within tokens [start, end) (cheaper than ``doc.ents`` on long docs)."""
    out: list[Span] = []
    i = start
    while i < end:
        if doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B":
            j = i + 1
            while j < end and doc[j].ent_iob_ == "I":
                j += 1
            out.append(Span(doc, i, j, label="PERSON"))
            i = j
        else:
            i += 1
    return out


def _verb_speaker(verb: Token, lex: AttributionLexicon) -> tuple[_Speaker, bool]:
    """Speaker of a reporting verb and whether it is an agentless passive."""
    subj = _child(verb, "nsubj")
    if subj is not None and subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head  # "fighters who claimed ...": the fighters speak
    if subj is not None:
        return _speaker_from_phrase(subj, lex), False
    if _child(verb, "nsubjpass", "auxpass") is not None:
        agent = _agent(verb)
        pobj = _child(agent, "pobj") if agent is not None else None
        if pobj is not None:
            return _speaker_from_phrase(pobj, lex), False
        return _NO_SPEAKER, True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ == "VERB":
        return _verb_speaker(verb.head.head, lex)  # "X countered by claiming that ..."
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        # "X met and said ..." / "X refused to confirm ...": the clause shares X
        return _verb_speaker(verb.head, lex)
    return _NO_SPEAKER, False


def _agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb, also when the parser hung it lower down."""
    direct = _child(verb, "agent")
    if direct is not None:
        return direct
    subject = _child(verb, "nsubjpass")
    inside = {t.i for t in subject.subtree} if subject is not None else set()
    return next(
        (
            t
            for t in verb.subtree
            if t.i not in inside and t.lower_ == "by" and t.dep_ in ("agent", "prep")
        ),
        None,
    )


def _is_claim_noun(tok: Token, lex: AttributionLexicon) -> bool:
    return _lemma(tok) in lex.claim_nouns or tok.lower_.rstrip("s") in lex.claim_nouns


def _denial_token(sent: Span, lex: AttributionLexicon) -> Token | None:
    """The verb or noun by which the sentence denies something, if any."""
    for tok in sent:
        lemma = _lemma(tok)
        if tok.pos_ in ("VERB", "AUX") and lemma in lex.denial_verbs:
            passive = _child(tok, "nsubjpass")
            if passive is None or _agent(tok) is not None or _is_claim_noun(passive, lex):
                return tok  # "were denied access" is not a denial
        elif tok.pos_ in ("VERB", "AUX") and lemma in lex.denial_object_verbs:
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if any(_is_claim_noun(o, lex) for o in objs):
                return tok
        elif tok.pos_ == "NOUN" and lemma in lex.denial_nouns:
            return tok
    return None


def _denial_phrase(sent: Span, lex: AttributionLexicon) -> str:
    found = lex.denial_phrases.search(_norm(sent.text))
    return re.sub(r"\s+", " ", found.group(0)) if found else ""


def _pick_cue(sent: Span, lex: AttributionLexicon) -> tuple[str, Token | None, Token | None]:
    """The governing cue: (lemma, verb or preposition token, claimant head token or None)."""
    root = sent.root
    denial = _denial_token(sent, lex)
    verbs: list[tuple[int, int, Token]] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lemma = _lemma(tok)
        if lemma in lex.denial_verbs | lex.denial_object_verbs:
            is_cue = tok == denial  # "were denied access" reports nothing
        elif lemma in lex.confirm_verbs:
            # "could not be verified" judges the content; it names no speaker
            is_cue = _child(tok, "nsubjpass") is None or _agent(tok) is not None
        else:
            is_cue = lemma in lex.reporting_verbs
        by_claiming = tok.dep_ == "pcomp" and tok.head.lower_ == "by" and tok.head.head.i == root.i
        if not is_cue or (
            tok.i != root.i and tok.dep_ not in _TOP_DEPS | {"relcl"} and not by_claiming
        ):
            continue
        depth = 1 if by_claiming else _depth(tok, root)
        reports = any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
        if depth <= 1 or (tok.dep_ == "relcl" and depth <= 2 and reports):
            verbs.append((depth, tok.i, tok))  # "fighters who claimed that ..." speak
    verbs.sort()
    if verbs and verbs[0][0] == 0:
        return _lemma(verbs[0][2]), verbs[0][2], None
    prep = _prepositional(sent, lex)
    if prep is not None:
        return prep
    if verbs:
        return _lemma(verbs[0][2]), verbs[0][2], None
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and _lemma(tok) in lex.reporting_nouns:
            owner = next(
                (c for c in tok.children if c.dep_ in ("poss", "compound") and c.pos_ != "NOUN"),
                None,
            )
            if owner is None:
                prep_tok = next(
                    (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")),
                    None,
                )
                owner = _child(prep_tok, "pobj") if prep_tok is not None else None
            if owner is not None and _speaker_from_phrase(owner, lex).claimant:
                return _lemma(tok), tok, owner
    return "", None, None


def _prepositional(sent: Span, lex: AttributionLexicon) -> tuple[str, Token, Token] | None:
    """'according to X' / 'citing X': (cue, cue token, head of X)."""
    for phrase, cue in lex.prepositional_cues:
        words = phrase.split()
        for tok in sent:
            if tok.lower_ != words[0] or tok.i + len(words) > sent.end:
                continue
            span = sent.doc[tok.i : tok.i + len(words)]
            if [t.lower_ for t in span] != words:
                continue
            last = span[-1]
            obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
            if obj is None and last.i + 1 < sent.end:
                nxt = sent.doc[last.i + 1]
                obj = nxt if nxt.pos_ in ("NOUN", "PROPN") else _child(nxt, "pobj")
            if obj is not None:
                return cue, tok, obj
    return None


def attribute(sent: Span, lexicon: AttributionLexicon | None = None) -> Attribution:
    """Attribute one parsed sentence (its doc must carry ``doc.spans["actors"]``)."""
    lex = lexicon or load_lexicon()
    cue, cue_tok, claimant_head = _pick_cue(sent, lex)
    passive = False
    if claimant_head is not None:
        speaker = _speaker_from_phrase(claimant_head, lex)
    elif cue_tok is not None:
        speaker, passive = _verb_speaker(cue_tok, lex)
    else:
        speaker = _NO_SPEAKER
    text = _norm(sent.text)
    confirm = [t for t in sent if t.pos_ in ("VERB", "AUX") and _lemma(t) in lex.confirm_verbs]
    confirmed = any(not _negated(t) for t in confirm)
    hedged = (
        passive
        or bool(lex.hedges.search(text))
        or cue in lex.hedging_verbs
        or any(_negated(t) for t in confirm)
    )
    denial = _denial_token(sent, lex) is not None or bool(_denial_phrase(sent, lex))
    claimant = dict(lex.speaker_sources).get(speaker.claimant.lower(), speaker.claimant)
    return Attribution(
        claimant=claimant,
        claimant_text=speaker.text,
        start=speaker.start,
        end=speaker.end,
        cue=cue,
        hedged=hedged,
        denial=denial,
        confirmed=confirmed and not denial,
        claimant_person=speaker.person,
        cue_index=cue_tok.i if cue_tok is not None else -1,
    )


_ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "such", "it", "them"})


def _target(sent: Span, denier: str, previous: str, lex: AttributionLexicon) -> str:
    """The actor whose claim is denied: owner of a claim noun ("the Taliban's claims").

    "denied the claim" / "denied it" with no owner points back to the
    previous sentence's claimant (``previous``), when that is someone else.
    """
    spans = [s for s in _actor_spans(sent.doc) if sent.start <= s.start and s.end <= sent.end]
    anaphoric = False
    for tok in sent:
        if tok.pos_ == "PRON" and tok.lower_ in _ANAPHORIC and tok.dep_ in ("dobj", "nsubjpass"):
            anaphoric = True
        if tok.pos_ not in ("NOUN", "PROPN") or not _is_claim_noun(tok, lex):
            continue
        sub = {t.i for t in tok.subtree}
        left = tok.left_edge.i
        for span in spans:
            if span.label_ != denier and (span.start in sub or left <= span.start < tok.i):
                return span.label_
        anaphoric = anaphoric or any(
            c.dep_ == "det" and c.lower_ in _ANAPHORIC for c in tok.children
        )
    if not anaphoric:
        return ""
    # "X claimed ..., but these claims were dismissed": X's claim, same sentence first
    first_denial = next((t.i for t in sent if _is_denial_cue(t, lex)), sent.end)
    for tok in sent:
        if tok.i >= first_denial:
            break
        if tok.pos_ in ("VERB", "AUX") and _lemma(tok) in lex.reporting_verbs:
            speaker, _ = _verb_speaker(tok, lex)
            if speaker.claimant and speaker.claimant != denier:
                return speaker.claimant
    return previous if previous != denier else ""


def _is_denial_cue(tok: Token, lex: AttributionLexicon) -> bool:
    lemma = _lemma(tok)
    return lemma in lex.denial_verbs or lemma in lex.denial_object_verbs or tok.lower_ in (
        "described",
        "called",
        "dismissed",
    )


def find_denials(doc: Doc, lexicon: AttributionLexicon | None = None) -> list[Denial]:
    """Sentences where a party denies, refutes or disputes something, with who and whose claim."""
    lex = lexicon or load_lexicon()
    out: list[Denial] = []
    previous: Span | None = None
    for sent in doc.sents:
        before, previous = previous, sent
        tok = _denial_token(sent, lex)
        phrase = _denial_phrase(sent, lex)
        if tok is None and not phrase:
            continue
        if tok is not None and tok.pos_ != "NOUN":
            speaker, passive = _verb_speaker(tok, lex)
            cue = _lemma(tok)
            if not speaker.claimant and not passive:
                # "X stated ..., refuting ...": the participle's speaker is the sentence's
                found = attribute(sent, lex)
                speaker = _Speaker(found.claimant, found.claimant_text, found.start, found.end)
        else:
            found = attribute(sent, lex)
            speaker = _Speaker(found.claimant, found.claimant_text, found.start, found.end)
            cue = _lemma(tok) if tok is not None else phrase
        out.append(
            Denial(
                sent_start=sent.start_char,
                sent_end=sent.end_char,
                denier=speaker.claimant,
                denier_text=speaker.text,
                cue=cue,
                target=_target(
                    sent, speaker.claimant, attribute(before, lex).claimant if before else "", lex
                ),
            )
        )
    return out
