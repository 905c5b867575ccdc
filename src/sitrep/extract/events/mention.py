"""One trigger hit → its event mentions, in named steps: date, parties, type, place,
claim, victims, then one Mention per place (ACLED codes one event per location)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Span, Token

from sitrep.extract import attribution, quantities
from sitrep.extract.common import coded_day, trim
from sitrep.extract.events.claims import _claimant, _disputes, _group_claimant
from sitrep.extract.events.context import DocContext, SentenceContext
from sitrep.extract.events.dates import _paragraph_of, _pick_timex, anchor_ok
from sitrep.extract.events.lexicon import Lexicon, trigger_lemmas
from sitrep.extract.events.places import _anaphoric_places, _focus_place, _near
from sitrep.extract.events.roles import (
    Roles,
    _armed_civilians,
    _armed_state,
    _civilians_killed,
    _disrupted_roles,
    _inter,
    _is_civilian,
    _label,
    _perpetrator,
    _protest_roles,
    _unnamed_armed_met,
    _with_opponent,
    assign_roles,
)
from sitrep.extract.events.select import _refine_type
from sitrep.extract.events.triggers import Hit, _verbless_report, is_label
from sitrep.extract.quantities_lexicon import quantity_lexicon
from sitrep.nlp.actors import ActorRegistry
from sitrep.nlp.actors.registry import EVENT_COUNTRY_GOVERNMENT, EVENT_COUNTRY_POLICE
from sitrep.nlp.actors.state_forces import document_country
from sitrep.nlp.syntax import text_of
from sitrep.nlp.timex.lexicon import load_time_lexicon
from sitrep.records import Mention, Place, Timex

UNDATED = "undated"  # flag (and event tag) of a mention nothing dates


def mention_id(doc_id: str, start: int, end: int, place: str, sub_event_type: str) -> str:
    """Stable id of a mention: same document, span, place and type → same id."""
    key = f"{doc_id}|{start}|{end}|{place}|{sub_event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _casualties(sent_text: str, protest: bool = False
                ) -> dict[str, tuple[int | None, int | None]]:
    """Figures per kind; several of one kind add up ("2 soldiers died as well as 3
    attackers": ACLED codes the event's total), a breakdown of one ("including 2
    children") does not, nor, for a ``protest``, what the crowd protests ("the killing of
    two students")."""
    out: dict[str, tuple[int | None, int | None]] = {}
    last: dict[str, quantities.Casualty] = {}
    for cas in quantities.find_casualties(sent_text):
        if cas.kind == "strength" or cas.subset or (protest and cas.grievance):
            continue
        if cas.kind not in out:
            out[cas.kind] = (cas.low, cas.high)
            last[cas.kind] = cas
            continue
        low, high = out[cas.kind]
        if low is not None and cas.low is not None and cas.kind in {"killed", "wounded"}:
            both = high is not None and cas.high is not None
            if _competing(sent_text, last[cas.kind], cas):
                # "the group claimed 40 soldiers; the army said 7 died": one toll, two
                # counts (ACLED codes the lowest)
                out[cas.kind] = (min(low, cas.low), max(high, cas.high) if both else None)
            else:
                out[cas.kind] = (low + cas.low, high + cas.high if both else None)
        last[cas.kind] = cas
    return out


def _competing(text: str, first: quantities.Casualty, second: quantities.Casualty) -> bool:
    """Two figures count the same people for different sources: the same noun, and a
    reporting word between them opens the second count."""
    a, b = first.subject.lower().split(), second.subject.lower().split()
    if not a or not b or a[-1] != b[-1]:
        return False
    between = text[first.end:second.start].lower()
    cues = quantity_lexicon().competing_cues
    return any(w.strip(",;:.()\"'") in cues for w in between.split())


_UNITS = frozenset({"country", "region", "province", "district"})  # features that contain


def _locates(inner: Span, outer: Span) -> bool:
    """``outer`` only locates ``inner``: a unit that contains it, or a town named like the
    unit that contains it written right after it ("El Plateado, Argelia"); a town named
    like its province in a list ("Nakuru and Naivasha") is a place of its own."""
    a, b = inner._.place, outer._.place
    if a.feature == "village" and a.geo_precision == 2 and a.matched != b.matched and (
            a.latitude, a.longitude) == (b.latitude, b.longitude) and a.latitude is not None:
        return True  # a village the gazetteer lacks, placed at ``outer``: one place
    if not _within(a, b):
        return False
    if outer._.place.feature in _UNITS:
        return True
    if inner.end > outer.start:
        return False
    between = text_of(inner.doc)[inner.end_char:outer.start_char]
    return between.strip() == ","


def _within(inner: Place, outer: Place) -> bool:
    """``outer`` is a larger unit that contains ``inner`` ("Kabul" of "X district, Kabul")."""
    if inner.country != outer.country or inner is outer:
        return False
    name = _fold(outer.matched)
    return outer.feature == "country" or any(
        _fold(a or "") == name for a in (inner.admin1, inner.admin2, inner.admin3))


def _fold(name: str) -> str:
    """Case and accents folded: "Bolívar" (the text) is "Bolivar" (the gazetteer)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                   if not unicodedata.combining(c))


def _distinct_places(chosen: list[Span]) -> list[Span]:
    """The places of an event without those that only locate another one ("X district,
    Kabul" is one place): a figure is split only between really different places."""
    places = [p._.place for p in chosen]
    keep = []
    for i, (span, place) in enumerate(zip(chosen, places, strict=True)):
        if any(_locates(other, span) for other in chosen if other._.place is not place):
            continue
        if any(o.matched == place.matched and o.country == place.country for o in places[:i]):
            continue  # the same place named twice
        keep.append(span)
    return keep or chosen


def _split(value: int | None, n: int, i: int) -> int | None:
    """ACLED splits a figure reported for several places evenly (remainder to the first)."""
    if value is None or n <= 1:
        return value
    return value // n + (value % n if i == 0 else 0)


@dataclass
class _Coding:
    """What the steps decided for one hit, before it becomes one Mention per place."""

    tx: Timex | None  # None: undated (no date in the text, byline or metadata)
    day: date | None
    tx_span: Span | None
    flags: list[str]
    chosen: list[Span]
    roles: Roles = field(default_factory=lambda: Roles("", "", "", False))
    sub: str = ""
    actor2: str = ""
    claimant: str = ""
    disputed: str = ""
    focus: Place | None = None
    on: date | None = None  # the day actors are resolved on (the document's for undated)


def _dated(here: SentenceContext, hit: Hit, chosen: list[Span]) -> _Coding | None:
    """The date: the sentence's own, else the narrative date carried from earlier
    sentences, else the publication day of news, else none (flag ``undated``); None
    when the hit dates background."""
    ctx, flags = here.ctx, []
    tx_span = _pick_timex(hit, here.timexes, here.lexicon.period_nouns, here.lexicon)
    if tx_span is not None:
        tx: Timex | None = tx_span._.timex
    elif ctx.timex is not None:
        tx = ctx.timex
        if ctx.timex_paragraph != here.para:
            tx = replace(tx, precision=max(tx.precision, 2))
        flags.append("date-from-context")
    elif anchor_ok(here.document):
        assert here.document.published is not None
        pub = here.document.published
        tx = Timex(-1, -1, "", pub, pub, 2, "publication")
        flags.append("date-from-publication")
    else:
        # nothing dates it: the event is still told, with a blank date
        return _Coding(None, None, None, [*flags, UNDATED], chosen,
                       on=here.document.published)
    start = here.options.conflict_start
    if tx_span is None and (tx.kind == "year" or (tx.date_to - tx.date_from).days > 31):
        # the story's period carried from earlier sentences ("in 2011, ...") does not date
        # this sentence's own event: it is told, with a blank date
        return _Coding(None, None, None, [UNDATED], chosen, on=here.document.published)
    if tx.kind == "year" or (start and tx.date_to < start):
        return None  # a year alone dates background, not an event
    if (tx.date_to - tx.date_from).days > 31:
        return None  # "retaken between October and January": a campaign, not one event
    day = coded_day(tx)
    return _Coding(tx, day, tx_span, flags, chosen, on=day)


def _unidentified(here: SentenceContext, roles: Roles, sub: str) -> bool:
    """Whether an event with no attacker named is coded to the unidentified armed group
    (or the perpetrator a later sentence names); an abduction told after the paragraph's
    attack is part of that attack ("X raided the town. Two guards were abducted.")."""
    lexicon = here.lexicon
    return not roles.actor1 and sub in lexicon.unidentified_for and not (
        sub in lexicon.unidentified_alone and here.ctx.follows)


def _parties(here: SentenceContext, hit: Hit, attr: attribution.Attribution, c: _Coding) -> bool:
    """Who acted on whom (into ``c.roles``); False when nothing anchors the hit as an event."""
    lexicon, registry, sent, chosen = here.lexicon, here.registry, here.sent, c.chosen
    claim_span = (attr.start, attr.end) if attr.start >= 0 else (-1, -1)
    roles = assign_roles(hit, sent, here.actors, claim_span, lexicon, registry, c.on,
                         here.ctx.actors)
    if _unidentified(here, roles, hit.trigger.sub_event_type):
        roles = replace(roles, actor1=_perpetrator(sent, lexicon, registry))
    strategic = lexicon.types(hit.trigger.sub_event_type)[0] == "Strategic developments"
    # the lede reports the story's own event: it needs no date or place of its own
    # (a one-line report, "Gunmen kill a trader", has neither), whereas a later sentence
    # without any is a passing mention of some other event
    # so is an attack told in the past tense or with its toll, unless the sentence goes on
    # telling the event just told; a bare toll ("two more were wounded") in a dated
    # narrative is the toll of an event told before
    toll = hit.token.lemma_.lower() in lexicon.harm_words
    lede = sent.start == here.ctx.lede or _opening(here, hit) or (
        not here.ctx.follows and not (toll and here.ctx.timex is not None)
        and _told(hit, sent, lexicon))
    if (
        not (roles.actor1 or roles.actor2)
        and not chosen
        and not lede
        and not (strategic and c.tx_span)
        and not (c.tx_span is not None and _civilians_killed(sent.text, lexicon))
    ):
        return False
    if c.tx_span is None and not chosen and not lede and not (roles.actor1 and roles.actor2) and (
            not _new_side_acts(here, hit, roles)):
        return False  # nothing in the sentence itself anchors it: a passing mention
    if len(chosen) > lexicon.max_places_per_event or (
            (_tally(sent.text, lexicon) or _perfect_since(hit, lexicon))
            and not (c.tx_span is not None and c.tx is not None and c.tx.precision == 1)):
        return False  # a summary over many places and days, not events
    if (
        not roles.patient_civilian
        and (not roles.actor2 or _is_civilian(registry, roles.actor2))
        and _civilians_killed(sent.text, lexicon)
    ):
        roles = replace(roles, patient_civilian=True)  # "..., killing 15 civilians"
    c.roles = roles
    return True


_LEDE_REACH = 2  # sentences after a lede that told no event which may still tell it
_ARRESTS = "Arrests"


def _opening(here: SentenceContext, hit: Hit) -> bool:
    """The hit opens the story as its lede would: a coder's label opening the note
    ("Weapons seizure: 11 April. ..."), a verbless opening line before the first sentence
    with a verb ("Farmers march against X. Date unknown."), or, when the lede and the
    sentence after it told no event ("An operation to arrest X has paid dividend."), a
    verb in the past tense in the next sentences that tells a violent event, a protest or
    arrests ("Officers arrested 25 of the fighters"; an event noun there, "the attack was
    a failure", refers to an event already known; the present there is generic, "someone
    hacks into a network")."""
    ctx, sent = here.ctx, here.sent
    if is_label(hit):
        return True
    if ctx.lede < 0:  # (not a report's title: "Attacks and displacement in X")
        return not _bare_plural(hit.token)
    text = here.document.text
    if ctx.stories or ctx.follows or (
            _paragraph_of(text, here.doc[ctx.lede].idx) != _paragraph_of(text, sent.start_char)):
        return False
    between = sum(1 for s in here.doc.sents if ctx.lede < s.start <= sent.start)
    sub = hit.trigger.sub_event_type
    return (0 < between <= _LEDE_REACH and hit.token.pos_ == "VERB" and _told_clause(hit)
            and (sub == _ARRESTS or here.lexicon.types(sub)[0] != "Strategic developments"))


_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def _bare_plural(tok: Token, tags: frozenset[str] = _PLURAL_TAGS) -> bool:
    """ "Attacks", "drone strikes": a plural event noun (a tag of ``tags``) with no
    article, figure, possessive or adjective names a kind of event, as a title does."""
    return tok.tag_ in tags and not any(
        c.dep_ in {"det", "poss", "nummod", "amod"} for c in tok.children)


def _told_clause(hit: Hit) -> bool:
    """The verb the trigger belongs to (through the verbs an infinitive completes: "had
    to shoot") is in the past tense, with no modal."""
    tok = hit.token
    if tok.tag_ == "VBN" and tok.dep_ == "amod" and _verbless_report(tok):
        return True  # "Youths at the scene vandalised vehicles"
    for _ in range(3):
        infinitive = tok.tag_ == "VB" and tok.dep_ in {"xcomp", "advcl"}
        if (tok.pos_ in {"VERB", "AUX"} and not infinitive) or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(c.tag_ == "MD" for c in aux):
        return False
    # "officers arrested 25": a past verb the tagger read as a participle has its subject
    subject = tok.tag_ == "VBN" and not aux and any(c.dep_ == "nsubj" for c in tok.children)
    return tok.tag_ == "VBD" or subject or (bool(aux) and aux[0].tag_ == "VBD")


_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp", "xcomp", "csubj", "prep"})


def _new_side_acts(here: SentenceContext, hit: Hit, roles: Roles) -> bool:
    """ "The military later raided the area", "Russian warplanes struck rebel positions
    near the city": right after an event is told (its paragraph or the next), a side the
    story has not named acts in the past tense. It is that story's next event, at its place and
    time (ACLED codes each side's act), not a passing mention of another."""
    story = here.ctx.story
    if not story or not roles.actor1 or not (
            here.ctx.follows or here.ctx.story_paragraph == here.para - 1):
        return False
    if roles.actor1 in {m.actor1 for m in story} | {m.actor2 for m in story}:
        return False
    verb = hit.token
    if verb.pos_ != "VERB" and verb.dep_ == "nsubj":
        verb = verb.head  # "warplanes struck"
    if verb.pos_ != "VERB" or verb.tag_ != "VBD" or verb.dep_ in _SUBORDINATE:
        return False  # "... before the crowds gathered": a clause that times another
    # the doer is the verb's own subject, not a side carried from earlier sentences
    return any(c.dep_ == "nsubj" and any(
        a.start <= c.i < a.end and a.label_ and a.label_ in roles.actor1 for a in here.actors)
        for c in verb.children)


_TALLIES: dict[int, tuple[Lexicon, re.Pattern[str]]] = {}


def _tally(text: str, lexicon: Lexicon) -> bool:
    """ "it had killed 14 militants over the past week": a sum over a past period."""
    if not lexicon.summary_leads or not lexicon.summary_spans:
        return False
    cached = _TALLIES.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        leads = "|".join(r"\s+".join(map(re.escape, w.split())) for w in lexicon.summary_leads)
        spans = "|".join(re.escape(w) for w in sorted(lexicon.summary_spans))
        cached = _TALLIES[id(lexicon)] = (
            lexicon, re.compile(rf"\b(?:{leads})(?:\s+[\w-]+)?\s+(?:{spans})\b", re.I))
    return cached[1].search(text) is not None


def _perfect_since(hit: Hit, lexicon: Lexicon) -> bool:
    """ "forces have retaken several towns since last year": what has happened since a
    past time, told in the present perfect, sums up a period ("since Monday", "since
    yesterday": a few days, not a period; the weekdays of ``time.yaml`` and the lexicon's
    ``recent_since_words``)."""
    verb = hit.token if hit.token.pos_ == "VERB" else hit.token.head
    if verb.tag_ != "VBN" or not any(
            c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children):
        return False
    since = [t for t in verb.subtree if t.lower_ == "since" and t.dep_ == "prep"]
    if not since:
        return False
    recent = lexicon.recent_since_words | load_time_lexicon().weekdays.keys()
    return any(not any(g.lower_ in recent for g in t.children) for t in since)


_PAST_TAGS = frozenset({"VBD", "VBN"})


def _told(hit: Hit, sent: Span, lexicon: Lexicon) -> bool:
    """A violent hit the sentence tells as news of its own even with no actor, place or
    date in it: a casualty figure ("two people were killed", "the bombings killed three")
    or a verb of the attack in the past tense ("one of the bombs exploded", "detonated a
    car bomb", "opted to detonate the bomb", "was destroyed by a missile")."""
    if lexicon.types(hit.trigger.sub_event_type)[0] not in lexicon.violent_types:
        return False
    cas = _casualties(sent.text)
    if cas.get("killed", (None, None))[0] or cas.get("wounded", (None, None))[0]:
        return True
    tok = hit.token
    if tok.pos_ != "VERB" and tok.dep_ in {"nsubj", "nsubjpass"}:
        tok = tok.head  # "the blast killed", "the bomb went off"
        if tok.lemma_.lower() not in lexicon.outcome_verbs:
            return False
    elif (tok.pos_ != "VERB" and tok.dep_ == "pobj" and tok.head.dep_ == "agent"
          and tok.head.head.lemma_.lower() in lexicon.outcome_verbs):
        tok = tok.head.head  # "the plane was destroyed by a missile"
    elif tok.pos_ != "VERB" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and (
            tok.head.lemma_.lower() in trigger_lemmas(lexicon)):
        tok = tok.head  # "detonated a car bomb" ("fled the fighting", "claimed the attack": no)
    if tok.dep_ == "xcomp" and tok.tag_ == "VB" and (
            tok.head.lemma_.lower() in lexicon.realis_infinitive_heads):
        tok = tok.head  # "opted to detonate the bomb", "went on to attack": told in its tense
    return tok.pos_ == "VERB" and tok.tag_ in _PAST_TAGS and (
        tok.tag_ == "VBD" or any(c.dep_ in {"auxpass", "aux"} for c in tok.children))


def _typed(here: SentenceContext, hit: Hit, c: _Coding) -> None:
    """The sub-event type (refined by the parse) and the roles ACLED gives that type."""
    lexicon, registry, roles = here.lexicon, here.registry, c.roles
    c.sub = _refine_type(hit, roles, here.sent, lexicon, registry, c.on)
    if c.sub == _ABDUCTION and _harmed_too(hit, lexicon):
        c.sub = _ATTACK
    event_type = lexicon.types(c.sub)[0]
    if event_type == "Battles":
        # fighting with no side named takes the war's two sides; a capture never guesses
        # who took the place
        roles = _with_opponent(roles, here.ctx.belligerents, registry,
                               guess_both=c.sub == "Armed clash")
    elif event_type == "Protests" and lexicon.protest_actor:
        roles = _protest_roles(roles, c.sub, registry, lexicon, here.sent, c.on)
        roles = replace(roles, actor1=lexicon.protest_actor)
    elif event_type == "Riots":
        roles = _riot_roles(roles, c.sub, registry, lexicon, here.sent, c.on,
                            mutual=_mutual(hit, here.sent, lexicon))
    if c.sub == lexicon.refinements.get("disrupted"):
        roles = _disrupted_roles(roles, here.sent, registry, c.on, lexicon.unidentified_actor)
    if (not roles.actor2 and lexicon.unidentified_actor
            and (event_type in _MEETS_ARMED or c.sub == _ARRESTS)
            and _armed_state(registry, roles.actor1, c.on)
            and _unnamed_armed_met(here.sent, registry)):
        # "soldiers killed 28 militants", "police arrested two suspected terrorists"
        roles = replace(roles, actor2=lexicon.unidentified_actor)
    roles = _armed_civilians(roles, c.sub, registry, lexicon)
    if _unidentified(here, roles, c.sub):
        roles = replace(roles, actor1=_perpetrator(here.sent, lexicon, registry))
    c.roles = roles


def _placed(here: SentenceContext, c: _Coding, hit: Hit | None = None) -> None:
    """An unplaced hit takes the place of the paragraph's last event, else the paragraph's."""
    ctx, para = here.ctx, here.para
    if not c.chosen and hit is not None:
        # "shells struck a market in the city": the city named before (placed only once
        # the event is anchored; a back-reference alone anchors no event)
        c.chosen = _anaphoric_places(hit, ctx, here.lexicon, here.places)[:1]
    if c.chosen and not any(here.sent.start <= p.start < here.sent.end for p in c.chosen):
        c.flags.append("place-from-anaphora")  # "the city": a place named before
    if not c.chosen and ctx.places and ctx.places_paragraph == para:
        c.chosen = ctx.places[:1]
        c.flags.append("place-from-context")
    elif not c.chosen and ctx.paragraph_places.get(para):
        # the paragraph names where it happens, only in another sentence
        c.chosen = ctx.paragraph_places[para][:1]
        c.flags.append("place-from-paragraph")
    elif (not c.chosen and ctx.places and ctx.places_paragraph == para - 1
          and _same_day(ctx, c) and not _opens_elsewhere(here)):
        # news tells one event over several one-sentence paragraphs: an undated, unplaced
        # event in the paragraph after one is that story's ("Security forces killed all
        # five attackers"), unless it opens on another ("Separately, ...")
        c.chosen = ctx.places[:1]
        c.flags.append("place-from-context")


def _same_day(ctx: DocContext, c: _Coding) -> bool:
    """The hit has no date of its own, or one within a day of the story's ("by Saturday
    morning" after Friday night's attack)."""
    if c.tx_span is None:
        return True
    return (ctx.timex is not None and c.tx is not None
            and abs((c.tx.date_from - ctx.timex.date_from).days) <= 1)


def _opens_elsewhere(here: SentenceContext) -> bool:
    """The sentence opens with a word of another event ("Separately", "Elsewhere")."""
    words = tuple(t.lower_ for t in here.sent[:6] if not t.is_punct)
    return any(words[:len(cue)] == cue for cue in here.lexicon.elsewhere_cues)


def _claimed(here: SentenceContext, hit: Hit, attr: attribution.Attribution, c: _Coding) -> None:
    """Who asserts the event, and who disputes it."""
    lexicon, registry, ctx = here.lexicon, here.registry, here.ctx
    claimant = _claimant(hit, attr, here.sent, registry, c.on, lexicon)
    # "the rebels said": the armed group named last (this sentence's, then earlier ones)
    named = [*(a.label_ for a in here.actors if a.end_char <= attr.start), *(
        a.label_ for a in reversed(ctx.actors)), *ctx.belligerents]
    c.claimant = _group_claimant(claimant, named, registry, lexicon, c.on, claimant)
    c.disputed = _disputes(here.sent, attr, c.roles, here.denials, registry)


# Rioters and the ACLED types whose target, when no armed actor is named, is civilians
# (violence against civilians always targets them; looting, mob violence and grenades
# mostly do).
_RIOTERS = "Rioters"
_CIVILIAN_TARGET_DEFAULT = frozenset({"Looting/property destruction", "Mob violence", "Grenade"})
_ARRESTS = "Arrests"
_ABDUCTION = "Abduction/forced disappearance"
_ATTACK = "Attack"
_PROPERTY_DESTRUCTION = "Looting/property destruction"
_MEETS_ARMED = frozenset({"Battles", "Explosions/Remote violence"})  # a force's fights


def _harmed_too(hit: Hit, lexicon: Lexicon) -> bool:
    """ "kidnapped and killed a councillor", "beat and abducted a man": the abduction's verb
    is coordinated with one of harm (ACLED codes the gravest: an attack)."""
    verb = hit.token
    head = verb.head if verb.dep_ == "conj" else verb
    verbs = [head, *head.conjuncts]
    harm = lexicon.harm_over_abduction
    return any(v.i != verb.i and v.pos_ == "VERB" and v.lemma_.lower() in harm for v in verbs)


_EACH_OTHER = (("each", "other"), ("one", "another"))


def _mutual(hit: Hit, sent: Span, lexicon: Lexicon) -> bool:
    """Crowds that fought each other: the trigger is a word of fighting ("clashed"), or
    the sentence tells of two sides fighting ("threw stones at each other", "as two rival
    groups clashed"; not "clashed with police", whose other side is named)."""
    if hit.token.lemma_.lower() in lexicon.reciprocal_lemmas:
        return True
    words = [t.lower_ for t in sent]
    if any(tuple(words[i : i + 2]) in _EACH_OTHER for i in range(len(words) - 1)):
        return True
    return any(t.pos_ == "VERB" and t.lemma_.lower() in lexicon.reciprocal_lemmas
               and not any(c.dep_ == "prep" and c.lower_ == "with" for c in t.children)
               for t in sent)


def _riot_roles(roles: Roles, sub: str, registry: ActorRegistry, lexicon: Lexicon,
                sent: Span | None = None, on: date | None = None, mutual: bool = False
                ) -> Roles:
    """ACLED: rioters are actor1 (unless an armed group rioted); the force that met a
    violent demonstration is actor2; crowds that fought each other (``mutual``: "farmers
    clashed with herders") are rioters on both sides."""
    # the unidentified armed group is only the default of an unattributed attack: a mob
    # that beat a thief is rioters
    named = roles.actor1 and not roles.actor1.startswith(lexicon.unidentified_actor)
    # a state's police or army that acted in a riot ("police fired tear gas at the
    # rioters", "a youth was shot by police during the riot") met it: ACLED codes the
    # rioters actor1 (and, in a violent demonstration, the force actor2)
    met = bool(named) and _armed_state(registry, roles.actor1, on)
    if named and not met and _inter(registry, roles.actor1, None) in lexicon.conflict_parties:
        return roles
    if sub == "Violent demonstration":
        force = _protest_roles(roles, sub, registry, lexicon, sent, on).actor2
        return Roles(_RIOTERS, force, "", False)
    actor2 = roles.actor2 if roles.actor2 != roles.actor1 else ""
    if mutual and sub == "Mob violence" and (not actor2 or _is_civilian(registry, actor2)):
        actor2 = _RIOTERS
    return replace(roles, actor1=_RIOTERS, actor2=actor2)


def _event_country(here: SentenceContext, chosen: list[Span]) -> str:
    """The country an event happens in: a local place's, else the document's own ("a
    coalition strike" in a report on Iraq kills Iraqi civilians)."""
    local = [p._.place.country for p in chosen if p._.place.feature != "country"]
    return (local[0] if local else here.ctx.home_country
            or (chosen[0]._.place.country if chosen else here.options.country)
            or document_country(here.doc)) or ""


# Explosives planted or set off: with no armed side harmed or hit, their victims are
# civilians (ACLED codes the target of the explosion, not the blank)
_PLANTED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})


def _blast_on_unarmed(here: SentenceContext, c: _Coding) -> bool:
    """The explosion's sentence tells of people harmed ("killing three", "a man was
    killed") or civilian property hit ("struck a bus"; not infrastructure alone, "blew up
    a bridge", which ACLED codes with no actor2) and names no armed person or force besides
    the attacker."""
    lexicon = here.lexicon
    attacker = {i for a in here.actors if a.label_ and a.label_ in c.roles.actor1
                for i in range(a.start, a.end)}
    words = {w for t in here.sent if t.i not in attacker for w in (t.lower_, t.lemma_.lower())}
    if words & (lexicon.state_actors | quantity_lexicon().armed_person_nouns):
        return False
    cas = _casualties(here.sent.text)
    hurt = cas.get("killed", (None, None))[0] or cas.get("wounded", (None, None))[0]
    return bool(hurt) or bool(words & (lexicon.property_nouns - lexicon.infrastructure_nouns))


def _infrastructure_only(here: SentenceContext, hit: Hit, c: _Coding) -> bool:
    """A destruction of property that hit only infrastructure hosting no people ("destroyed
    a telecom mast", "blew up a pylon") and harmed no one: ACLED leaves its actor2 blank,
    as for an explosion (``infrastructure_nouns`` of the lexicon)."""
    lexicon = here.lexicon
    if c.sub != _PROPERTY_DESTRUCTION or not lexicon.infrastructure_nouns:
        return False
    words = {w for t in here.sent if not hit.start <= t.i < hit.end  # not the label's
             for w in (t.lower_, t.lemma_.lower())}  # "Property destruction:"
    # the thing hit: an object, not a word naming something else ("road users")
    hit_things = [t for t in here.sent if t.dep_ in {"dobj", "nsubjpass"}
                  or (t.dep_ == "conj" and t.head.dep_ in {"dobj", "nsubjpass"})]
    infra = any(t.lemma_.lower() in lexicon.infrastructure_nouns
                or t.lower_ in lexicon.infrastructure_nouns for t in hit_things)
    if not infra or words & (lexicon.property_nouns - lexicon.infrastructure_nouns):
        return False
    if words & (lexicon.civilian_words | lexicon.civilian_targets):
        return False
    cas = _casualties(here.sent.text)
    return not (cas.get("killed", (None, None))[0] or cas.get("wounded", (None, None))[0])


def _arrested_unarmed(here: SentenceContext, hit: Hit) -> bool:
    """ACLED codes people arrested who are no armed group's members as civilians
    ("arrested five men", "a former minister was arrested"): the arrest's object names no
    armed person, force or actor."""
    lexicon, armed = here.lexicon, quantity_lexicon().armed_person_nouns
    named = {i for a in here.actors for i in range(a.start, a.end)}
    verbs = [hit.token]
    if _label(hit):
        # "Arrests: police arrested a former minister": the label's noun has no object;
        # the verb of the same word in the note does
        lemma = hit.token.lemma_.lower()
        verbs = [t for t in here.sent if t.pos_ == "VERB" and t.lemma_.lower() == lemma]
    objects = [t for v in verbs for t in v.children if t.dep_ in {"dobj", "nsubjpass"}]
    objects += [c for o in objects for c in o.conjuncts]
    if not objects or any(o.pos_ not in {"NOUN", "PROPN"} for o in objects):
        return False
    for o in objects:
        words = {w for t in o.subtree for w in (t.lower_, t.lemma_.lower())}
        if words & (armed | lexicon.state_actors) or any(t.i in named for t in o.subtree):
            return False
    return True


# Developments that, with no actor named but the authorities ("the governor extended the
# curfew"), are the government's own (ACLED: "Government of <Country>")
_GOVERNED = frozenset({"Change to group/activity", "Other"})


def _government_named(sent: Span, registry: ActorRegistry) -> bool:
    """The sentence names a state's civil authorities or a measure only they take
    (``government_words`` of the actor files)."""
    text = " ".join(t.lower_ for t in sent)
    return any(f" {w} " in f" {text} " for w in registry.government_words)


def _victims(here: SentenceContext, hit: Hit, c: _Coding) -> None:
    """actor2 of an attack on civilians: "Civilians (<country>)"."""
    event_type = here.lexicon.types(c.sub)[0]
    c.actor2, chosen = c.roles.actor2, c.chosen
    registry = here.registry
    victims = event_type == "Violence against civilians" or (
        event_type == "Explosions/Remote violence" and c.roles.patient_civilian
    ) or (c.sub in _CIVILIAN_TARGET_DEFAULT and not c.actor2
          and not _infrastructure_only(here, hit, c)) or (
        c.sub in _PLANTED and not c.actor2 and _blast_on_unarmed(here, c)) or (
        c.sub == _ARRESTS and not c.actor2 and _arrested_unarmed(here, hit))
    if victims and (not c.actor2 or _is_civilian(registry, c.actor2)
                    or event_type == "Violence against civilians"):
        country = _event_country(here, chosen)
        c.actor2 = f"Civilians ({country})" if country else "Civilians"
    country = _event_country(here, chosen)
    if c.actor2 and not c.actor2.startswith("Civilians") and _is_civilian(registry, c.actor2):
        # ACLED codes journalists or aid workers as "Civilians (<country>)" (the group
        # only as an associated actor)
        c.actor2 = f"Civilians ({country})" if country else "Civilians"
    if c.sub == _ARRESTS and not c.roles.actor1:  # "X was arrested": ACLED codes the
        c.roles = replace(c.roles, actor1=EVENT_COUNTRY_POLICE)  # country's police
    if c.sub in _GOVERNED and not c.roles.actor1 and _government_named(here.sent, registry):
        c.roles = replace(c.roles, actor1=EVENT_COUNTRY_GOVERNMENT)
    c.roles = replace(c.roles, actor1=registry.qualified(c.roles.actor1, country),
                      assoc1=registry.qualified(c.roles.assoc1, country))
    c.actor2 = registry.qualified(c.actor2, country)


def _focused(here: SentenceContext, c: _Coding) -> None:
    """Only the country, or nothing: code it to the province the document is about."""
    chosen = c.chosen
    if not chosen or all(p._.place.feature == "country" for p in chosen):
        c.focus = _focus_place(here.doc, chosen[0]._.place.country if chosen else "")
        if c.focus is not None:
            c.flags.append("place-from-focus")


def _own_clauses(sent: Span, hit: Hit) -> str:
    """The trigger's own clause without its prepositional phrases and the relative
    clauses it is not in ("arrested 14 suspects over a bombing that killed 59", "over the
    killing of two traders", "killing one before being arrested": the toll is the other
    event's, not the arrests'); blanked, not cut, so the offsets stay the sentence's."""
    text = sent.text
    head = hit.token
    lo, hi = head.left_edge.idx - sent.start_char, (
        head.right_edge.idx + len(head.right_edge) - sent.start_char)
    cut = [(0, lo), (hi, len(text))] + [
        (c.left_edge.idx - sent.start_char,
         c.right_edge.idx + len(c.right_edge) - sent.start_char)
        for c in sent if (c.dep_ == "relcl" or (c.dep_ == "prep" and c.head.i == head.i
                                                and c.lower_ != "of"))  # "arrest of 12"
        and not c.left_edge.i <= head.i <= c.right_edge.i]
    for a, b in cut:
        if b > a:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _mentions(here: SentenceContext, hit: Hit, attr: attribution.Attribution, c: _Coding
              ) -> list[Mention]:
    """One Mention per place of the hit, the figures split evenly between them."""
    document, registry = here.document, here.registry
    event_type, disorder = here.lexicon.types(c.sub)
    start, end = trim(document.text, here.sent.start_char, here.sent.end_char)
    cas = _casualties(_own_clauses(here.sent, hit) if c.sub in here.lexicon.clause_tolls
                      else here.sent.text, protest=event_type in {"Protests", "Riots"})
    c.chosen = _distinct_places(c.chosen)
    killed = cas.get("killed", (None, None))
    captured = cas.get("captured", (None, None))
    wounded = cas.get("wounded", (None, None))
    n = len(c.chosen)
    out = []
    for i, place_span in enumerate(c.chosen or [None]):
        place: Place | None = place_span._.place if place_span is not None else None
        place = c.focus or place
        if place is not None and place_span is not None and (
                _near(here.sent, place_span, here.lexicon) or "place-from-paragraph" in c.flags):
            place = replace(place, geo_precision=max(place.geo_precision, 2))
        # never both sides, except crowds that fought each other (ACLED: rioters on both)
        same = c.actor2 == c.roles.actor1 and not c.actor2.startswith(_RIOTERS)
        actor2 = "" if same else c.actor2
        out.append(Mention(
            mention_id=mention_id(document.doc_id, start, end,
                                  place.matched if place else "", c.sub),
            doc_id=document.doc_id,
            doc_file=document.doc_file,
            event_date=c.day,
            time_precision=c.tx.precision if c.tx is not None else 3,
            disorder_type=disorder,
            event_type=event_type,
            sub_event_type=c.sub,
            actor1=c.roles.actor1,
            actor2=actor2,
            assoc_actor_1=c.roles.assoc1,
            inter1=_inter(registry, c.roles.actor1, c.on),
            inter2=_inter(registry, actor2, c.on),
            civilian_targeting=(
                "Civilian targeting" if event_type == "Violence against civilians" else ""
            ),
            location=place_span.text if place_span is not None else "",
            place=place,
            fatalities=_split(killed[0], n, i),
            fatalities_high=_split(killed[1], n, i),
            wounded=_split(wounded[0], n, i),
            captured=_split(captured[0] if captured[0] is not None else captured[1], n, i),
            claimant=c.claimant,
            hedged=attr.hedged,
            disputed_by=c.disputed,
            char_start=start,
            char_end=end,
            evidence=document.text[start:end],
            trigger=here.doc[hit.start : hit.end].text,
            flags=[*c.flags, *([] if place else ["no-location"])],
        ))
    return out


def hit_mentions(
    here: SentenceContext, hit: Hit, chosen: list[Span], attr: attribution.Attribution
) -> list[Mention]:
    """The mentions one selected trigger hit reports (none when it is no event)."""
    coding = _dated(here, hit, chosen)
    if coding is None or not _parties(here, hit, attr, coding):
        return []
    _typed(here, hit, coding)
    _placed(here, coding, hit)
    _claimed(here, hit, attr, coding)
    _victims(here, hit, coding)
    _focused(here, coding)
    return _mentions(here, hit, attr, coding)
