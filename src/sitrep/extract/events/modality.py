"""Is a trigger an event that happened? Irrealis (planned, negated, opined), habitual,
a standing state, a reference point for another statement, a modifier of another noun."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from sitrep.extract.events.lexicon import Lexicon, load_lexicon
from sitrep.extract.events.triggers import Hit
from sitrep.nlp import syntax


def is_irrealis(token: Token, lexicon: Lexicon) -> bool:
    """True when the trigger is hypothetical, negated, planned, appealed for or opined."""
    root = token.sent.root
    chain = [token, *syntax.heads(token, 4)]
    cut = next((i for i, t in enumerate(chain) if _paratactic(t, lexicon)), None)
    if cut is not None:
        chain = chain[: cut + 1]  # "X entered A; Y denied that ...": A's clause stands alone
    aside = next((i for i, t in enumerate(chain) if i and _bracketed(t, token)), None)
    if aside is not None:
        # "12 killed during raid [toll may be exaggerated]": a bracketed aside the parser
        # made the head hedges the figure, not the event
        chain, cut = chain[:aside], aside
    # "... was denied entry, which sparked protests": a relative clause on what happened
    # asserts its event whatever the clause of the noun it describes says (its own modal
    # still counts; "those who suffered injuries" only describes people)
    told = next((i for i, t in enumerate(chain) if t.dep_ == "relcl" and t.tag_ == "VBD"
                 and any(c.dep_ == "nsubj" and c.lower_ == "which" for c in t.children)), None)
    if told is not None:
        chain = chain[: told + 1]
    if (root.lemma_.lower() in lexicon.opinion_roots and root.i != token.i and cut is None
            and not _parenthetical(root, token, lexicon)):
        return True
    if _purpose_infinitive(token, lexicon) or _habitual(token, lexicon):
        return True
    if _state(token, lexicon):
        return True
    if any(c.dep_ == "amod" and c.lower_ in lexicon.irrealis_modifiers for c in token.children):
        return True  # "a coming offensive", "a possible attack"
    if any(c.dep_ in {"det", "neg"} and c.lower_ == "no" for c in token.children):
        return True  # "there had been no fighting"
    if token.dep_ in {"pobj", "pcomp"} and token.head.lower_ == "without":
        return True  # "they fled without fighting", "left without firing"
    head_lemma = token.head.lemma_.lower()
    if (token.dep_ in {"nsubj", "nsubjpass"} and head_lemma in lexicon.cessation_heads
            and not _arrives(token.head, lexicon)):
        return True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ not in _WHEN_WHERE and any(
            c.lemma_.lower() in lexicon.talk_words for c in child.children if c.dep_ == "pobj"
        ):
            return True
    for i, tok in enumerate(chain):
        for child in tok.children:
            if child.dep_ == "neg" and i == 0:
                return True
            if child.dep_ in {"aux", "mark"} and child.lower_ in lexicon.irrealis_markers:
                return True
        if i > 0 and tok.lemma_.lower() in lexicon.support_heads and chain[i - 1].dep_ in {
                "prep", "xcomp", "dobj"} and not _equipment(tok, lexicon):
            # "assisting the Taliban with drone strikes": support, not an event ("herders
            # armed with machetes attacked" only describes the attackers)
            return True
        if i > 0 and tok.lemma_.lower() in lexicon.irrealis_heads and not _modifier_misparsed(
                tok, chain[i - 1]) and not _made_attempt(tok, chain[i - 1], lexicon) and not (
                _parenthetical(tok, token, lexicon)) and not _feared_toll(tok, lexicon) and not (
                _went_on(tok, chain[i - 1], lexicon)):
            if chain[i - 1].dep_ in {"xcomp", "ccomp", "pobj", "dobj", "acl", "advcl", "prep"}:
                return True
        if i > 0 and tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon.topic_nouns:
            return True
        if tok.dep_ == "ROOT":
            break
    return False


# "blew herself up during a security meeting": when or where it happened, not what it is
# about; "a grenade attack on a church meeting": its target
_WHEN_WHERE = frozenset({"during", "before", "after", "at", "inside", "outside", "near",
                         "following", "amid", "on", "against"})


def _equipment(tok: Token, lexicon: Lexicon) -> bool:
    """ "herders armed with machetes": a participle after a noun that describes the doers."""
    return (tok.dep_ in {"acl", "amod"} and tok.tag_ == "VBN"
            and tok.lemma_.lower() in lexicon.equipment_heads)


def _parenthetical(head: Token, trigger: Token, lexicon: Lexicon) -> bool:
    """ "Raiders, believed to be bandits, attacked X": the parser made the aside about who
    the doers are ("believed to be", set off by commas) the main verb; the trigger after the
    closing comma is the report, not the suspicion."""
    if (trigger.i < head.i or head.tag_ not in {"VBD", "VBN"}
            or head.lemma_.lower() not in lexicon.aside_heads or not any(
                c.dep_ in {"nsubj", "nsubjpass"} and c.i < head.i for c in head.children)):
        return False
    aside = next((c for c in head.children if c.dep_ == "xcomp"
                  and any(a.lower_ == "to" for a in c.children)), None)
    if aside is None:
        return False
    end = max(t.i for t in aside.subtree)
    # the trigger after the aside ("believed to be X, attack Y", "believed to be composed of
    # youths invaded a farm and attacked ..."), hung under it by the parser
    below = next((a for a in [trigger, *trigger.ancestors] if a.head.i == head.i), None)
    return below is not None and below.i > end and below.dep_ in {"conj", "prep", "dep"}


def _went_on(head: Token, verb: Token, lexicon: Lexicon) -> bool:
    """ "Workers continued a sit-in on Monday": a head that is realis with an infinitive
    (``realis_infinitive_heads``), in the past tense and unnegated, with the act named as
    its object, tells that the act went on that day, so it took place ("will continue the
    strike" and "continues its sit-in" stay a plan and a habit; "continued to fight" tells
    a campaign going on, not one event)."""
    return (head.lemma_.lower() in lexicon.realis_infinitive_heads and head.tag_ == "VBD"
            and verb.dep_ == "dobj" and head.dep_ not in {"relcl", "acl"}
            and not any(c.dep_ == "neg" for c in head.children))


def _feared_toll(head: Token, lexicon: Lexicon) -> bool:
    """ "Several officers feared dead after their vehicle hit a mine": the fear is about the
    toll (a death reported but not confirmed), not about whether the event happened."""
    return head.lemma_.lower() == "fear" and any(
        c.dep_ in {"oprd", "acomp", "xcomp"} and c.lower_ in lexicon.harm_words
        for c in head.children)


def _dash(tok: Token) -> bool:
    """A semicolon or a dash, also a hyphen set off by spaces ("... the date - many were")."""
    if tok.text in {";", "\u2014", "\u2013"}:
        return True
    return tok.text in {"-", "--"} and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_) and (
        bool(tok.whitespace_))


def _paratactic(tok: Token, lexicon: Lexicon) -> bool:
    """A clause the parser hung under a later verb across a semicolon or dash, or across a
    comma when it is a past-tense report of its own before another subject's demand ("a
    rally was held in X, the protesters demanded ...": a demand's content follows it; "took
    three people hostage, the abductees were threatened and released")."""
    head = tok.head
    if not (tok.dep_ in {"ccomp", "conj", "advcl"} and tok.i < head.i):
        return False
    if any(_dash(t) for t in tok.doc[tok.i : head.i]):
        return True
    end = max(t.i for t in tok.subtree)
    return (
        tok.dep_ == "ccomp"
        and end < head.i
        and any(t.text == "," for t in tok.doc[end + 1 : head.i])
        and head.lemma_.lower() in lexicon.irrealis_heads
        and head.lemma_.lower() not in lexicon.opinion_roots
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i > end for c in head.children)
        and (tok.tag_ == "VBD" or any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD"
                                      for c in tok.children))
    )


_OPEN_CLOSE = {"(": ")", "[": "]"}


def _bracketed(tok: Token, outside: Token) -> bool:
    """``tok`` stands inside brackets (round or square) of its sentence that ``outside``
    is not inside."""
    sent = tok.sent
    for i in range(tok.i - 1, sent.start - 1, -1):
        closer = _OPEN_CLOSE.get(sent.doc[i].text)
        if closer is None:
            continue
        end = next((j for j in range(tok.i + 1, sent.end) if sent.doc[j].text == closer), None)
        return end is not None and not i < outside.i < end
    return False


def _arrives(verb: Token, lexicon: Lexicon) -> bool:
    """ "spread to <place>": the fighting reached a named place."""
    if verb.lemma_.lower() not in lexicon.arrival_heads:
        return False
    places = verb.doc.spans["places"] if "places" in verb.doc.spans else ()
    starts = {p.root.i for p in places}
    return any(
        c.dep_ == "prep" and c.lower_ in lexicon.arrival_preps
        and any(g.dep_ == "pobj" and g.i in starts for g in c.children)
        for c in verb.children
    )


def _purpose_infinitive(token: Token, lexicon: Lexicon) -> bool:
    """ "to fight back", "in order to kidnap": a purpose or plan, not a report."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    head = token.head
    if head.i == token.i:
        return True
    if token.lemma_.lower() in lexicon.realised_purposes and (
            head.pos_ == "VERB" or _misread_verb(head)) and (
            head.lemma_.lower() not in lexicon.irrealis_heads):
        return False  # "gathered to protest", "blocked the road to protest": they did protest
    if _made_attempt(head, token, lexicon):
        return False
    return head.lemma_.lower() not in lexicon.realis_infinitive_heads


def _misread_verb(tok: Token) -> bool:
    """ "Residents block the highway to protest": a present-tense verb of a one-line note
    that the parser read as the sentence's root noun, with a subject and an object."""
    return tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_ == "NN" and any(
        c.dep_ == "nsubj" for c in tok.children) and any(c.dep_ == "dobj" for c in tok.children)


def _made_attempt(head: Token, verb: Token, lexicon: Lexicon) -> bool:
    """ "tried to lynch a man", "attempted to abduct a teacher": an attempt that was made is
    coded as the event it attempted (ACLED; a foiled bombing is disrupted weapons use).
    Only in the past tense, unhedged, and as news of its own: "will try to", "plan to
    attempt" stay plans, and "the man who tried to ..." describes someone. An attempt to
    take ground is no capture (the fighting, if any, is told by its own words)."""
    if head.pos_ == "NOUN":
        return _attempt_noun(head, verb, lexicon)
    if verb.dep_ != "xcomp" or verb.head.i != head.i:
        return False  # only the verb attempted, not a clause hung under the attempt
    if verb.lemma_.lower() in _territorial_words(lexicon) and any(
            c.dep_ in {"dobj", "prt"} for c in verb.children):
        return False  # "attempted to take over the area" ("to take to the streets" is a protest)
    # "attempts to abduct" (VBZ): a one-line note tells its event in the present
    # ... and "had to fire", "were forced to shoot" (VBD, or a passive VBN): done as made to
    lemma = head.lemma_.lower()
    if not ((lemma in lexicon.attempt_heads and head.tag_ in {"VBD", "VBN", "VBZ"})
            or (lemma in lexicon.obligation_heads and head.tag_ in {"VBD", "VBN"})):
        return False
    if head.dep_ in {"relcl", "acl"}:
        return False  # "the man who had tried to rob them was beaten": background
    if head.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() in {
            "have", "be"} for c in head.children):
        return False
    return not any(c.dep_ == "neg" or (c.dep_ in {"aux", "mark"}
                                       and c.lower_ in lexicon.irrealis_markers)
                   for c in head.children)


def _attempt_noun(noun: Token, verb: Token, lexicon: Lexicon) -> bool:
    """ "police fired tear gas in a bid to scatter the crowd", "fired in a bid to free
    the hostages": what a past, unhedged act was done to do was attempted (ACLED codes the
    attempt as the event); "plans an attempt to ..." and "will fire in a bid to" stay plans."""
    if (verb.dep_ != "acl" or verb.head.i != noun.i or noun.lemma_.lower()
            not in lexicon.attempt_heads or noun.dep_ != "pobj" or noun.head.lower_ != "in"):
        return False
    if verb.lemma_.lower() in _territorial_words(lexicon) or any(
            t.sub_event_type == "Arrests" and verb.lemma_.lower() in t.lemmas
            for t in lexicon.triggers):
        return False  # "raided a house in an attempt to capture / arrest X": not done
    act = noun.head.head
    past = act.tag_ == "VBD" or (act.tag_ == "VBN" and any(
        c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() in {"have", "be"}
        for c in act.children))
    return act.pos_ == "VERB" and act.dep_ not in {"relcl", "acl"} and past and not any(
        c.dep_ == "neg" or (c.dep_ in {"aux", "mark"} and c.lower_ in lexicon.irrealis_markers)
        for c in act.children) and act.lemma_.lower() not in lexicon.irrealis_heads


_TERRITORIAL: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _territorial_words(lexicon: Lexicon) -> frozenset[str]:
    """The lemmas and phrase heads of the territorial-capture triggers (once per lexicon)."""
    cached = _TERRITORIAL.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        words = frozenset(w for t in lexicon.triggers if t.territorial
                          for w in [*t.lemmas, *(p[0] for p in t.phrases if p)])
        cached = _TERRITORIAL[id(lexicon)] = (lexicon, words)
    return cached[1]


def _reference_point(token: Token, lexicon: Lexicon) -> bool:
    """ "days after an attack", "since the group seized the town": an event named as the
    time reference of another statement, told (if at all) where it is the news. (An
    "after" clause often brings news of its own: "a day after they were ambushed".)"""
    if token.dep_ == "pobj":
        prep = token.head
        word = prep.lower_
        if word == "to" and prep.head.lower_ == "prior":
            word = "prior"
        if word == "of" and prep.head.lemma_.lower() in lexicon.reference_nouns:
            return True  # "survivors of the attack", "the anniversary of the massacre"
        if prep.head.lemma_.lower() in lexicon.passage_verbs:
            return False  # "the convoy ran over a landmine": the blast itself
        if _toll_clause(prep.head, lexicon):
            return False  # "ten dead following clashes": the clashes' own toll
        return word in lexicon.reference_preps
    for tok in [token, *syntax.heads(token, 2)]:
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        if tok.dep_ == "advcl" and marks & lexicon.reference_marks:
            return True
        if tok.dep_ == "advcl" and marks & {"after", "before"} and any(
                t.lemma_.lower() in {"year", "month", "decade"}
                for m in tok.children if m.dep_ in {"mark", "npadvmod"} for t in m.subtree):
            return True  # "a year after the guard detained the president"
        if tok.dep_ not in {"conj", "xcomp"}:
            break
    return False


def _toll_clause(head: Token, lexicon: Lexicon) -> bool:
    """ "Ten are dead (following clashes)", "three killed (during a raid)": the clause
    only tells a toll, so the event it is measured against is the one reported."""
    words = lexicon.harm_words
    if head.lemma_.lower() in words or head.lower_ in words:
        return head.pos_ in {"VERB", "ADJ"} and not any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in words
            for c in head.children)
    return head.lemma_.lower() == "be" and any(
        c.dep_ == "acomp" and c.lower_ in words for c in head.children)


def _state(token: Token, lexicon: Lexicon) -> bool:
    """ "was under siege", "remained under arrest": a standing condition, not an event."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ == "under"
        and token.head.head.lemma_.lower() in lexicon.state_heads
    )


_CLIMB = {"xcomp", "pcomp", "conj", "dobj", "pobj", "prep"}


def _habitual(token: Token, lexicon: Lexicon) -> bool:
    """Ongoing or repeated activity ("were still operating", "have been carrying out")."""
    # climb to the verb the trigger belongs to: "have been staging (hit-and-run)
    # attacks", "had been engaging in executions and forced disappearances"
    scope = [token]
    cur = token
    for _ in range(4):
        if cur.dep_ not in _CLIMB or cur.head.i == cur.i:
            break
        cur = cur.head
        scope.append(cur)
    for tok in scope:
        for child in tok.children:
            if child.lower_ in lexicon.habitual_markers and (child.dep_ == "advmod" or (
                    child.dep_ == "amod" and tok.tag_ == "NNS")):
                return True  # "repeatedly attacked", "repeated massacres"
        auxes = [c.lower_ for c in tok.children if c.dep_ == "aux"]
        if tok.tag_ == "VBG" and "been" in auxes:
            return True
    return False


def _status_date(tx: Span) -> bool:
    """ "By 10 September", "As of 18 August": the date of a state of affairs."""
    before = [t.lower_ for t in tx.doc[max(tx.sent.start, tx.start - 2) : tx.start]]
    return before[-1:] == ["by"] or before[-2:] == ["as", "of"]


def _perfect_or_progressive(token: Token) -> bool:
    """ "had captured", "had begun to fight", "were battling": a state reached or under
    way at a status date, not an event on it."""
    cur = token
    for _ in range(3):
        auxes = {c.lower_ for c in cur.children if c.dep_ == "aux"}
        if (cur.tag_ == "VBN" and "had" in auxes) or (
            cur.tag_ == "VBG" and auxes & {"was", "were", "is", "are"}
        ):
            return True
        if cur.dep_ not in {"xcomp", "conj"}:
            return False
        cur = cur.head
    return False


def _anaphoric_event(hit: Hit) -> bool:
    """ "The attack was meant to divert troops": a bare definite event noun, undated and
    unplaced, is the event told before, not a new one."""
    tok = hit.token
    if tok.pos_ != "NOUN" or hit.end - hit.start > 1 or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return bare_definite(tok)


# what gives an event noun a content of its own: a place, a modifier, a clause
_OWN_MODIFIERS = frozenset({"prep", "compound", "amod", "nmod", "poss", "acl", "relcl"})


def bare_definite(tok: Token, more: frozenset[str] = frozenset()) -> bool:
    """ "the attack", "this bombing": a noun after "the", "this" or "that" with no modifier,
    place or clause of its own (nor a child of a dependency in ``more``)."""
    kids = list(tok.children)
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in kids) and not any(
        c.dep_ in _OWN_MODIFIERS or c.dep_ in more for c in kids)


def _modifier(hit: Hit, found: Sequence[Hit], lexicon: Lexicon | None = None) -> bool:
    """ "ceasefire violations", "protest leaders": a trigger noun that only modifies
    another noun names no event (unless that noun is a trigger too: "bomb attack", or an
    attempt: "an assassination attempt was made on X", which ACLED codes as the event
    attempted). So does a manner trigger told as how another was done ("attacked the
    village, throwing stones"), and a trigger that yields to another sub-type told with it
    (the lexicon's ``not_with``)."""
    tok = hit.token
    attempts = (lexicon or load_lexicon()).attempt_heads
    if hit.trigger.manner and tok.dep_ == "advcl" and any(
            h.token.i == tok.head.i for h in found if h is not hit):
        return True
    if any(h.trigger.sub_event_type in hit.trigger.not_with for h in found):
        return True
    return (
        hit.end - hit.start == 1
        and tok.dep_ == "compound"
        and tok.head.pos_ in {"NOUN", "PROPN"}
        and not any(h.token.i == tok.head.i for h in found)
        and not (tok.head.lemma_.lower() in attempts and tok.head.pos_ == "NOUN")
        and not _headline_verb(tok)
    )


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _headline_verb(tok: Token) -> bool:
    """ "Raiders from X attack village", "Traders protest delays": a one-line note in the
    present tense that the parser read as one noun phrase. The trigger follows the noun of
    its doers, no verb comes before it and no finite verb after it (in "army attack
    helicopters struck X" the noun phrase has its verb after it)."""
    sent = tok.sent
    before, after = sent.doc[sent.start : tok.i], sent.doc[tok.i + 1 : sent.end]
    return (
        tok.i > sent.start
        and sent.doc[tok.i - 1].pos_ in {"NOUN", "PROPN"}
        and sent.doc[tok.i - 1].ent_type_ not in {"DATE", "TIME", "CARDINAL"}
        and before[0].pos_ in {"NOUN", "PROPN", "ADJ"}
        and not any(t.pos_ in {"VERB", "AUX"} for t in before)
        and not any(t.pos_ in {"VERB", "AUX"} and t.tag_ in _FINITE for t in after)
    )


def _under(token: Token, unreal: set[int], limit: int = 3) -> bool:
    """The token sits inside the clause or phrase of an irrealis trigger (not beside it:
    "engaged in talks, but talks fell through" keeps the second)."""
    cur = token
    for _ in range(limit):
        if cur.dep_ == "conj" or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i in unreal:
            return True
    return False


def _modifier_misparsed(head: Token, clause: Token) -> bool:
    """ "On 2 May, suspected militants clashed with ...": the parser made "suspected" the
    main verb; a head with no subject of its own, right before the subject of the clause
    under it, is that subject's modifier, not a suspicion about the event."""
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass"} and min(t.i for t in c.subtree) == head.i + 1
               for c in clause.children)
