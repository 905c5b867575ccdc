"""The sentence loop: one analysed document in, event mentions out.

A mention is one event as one sentence reports it: the trigger word decides the ACLED type
(lexicon in ``data/lexicon/events.yaml``), the dependency parse decides who did what to
whom, and the date, place, figures and claimant come from the spans the pipeline components
left on the Doc. Each sentence is read with what earlier ones established (the narrative
date and place, the actors named): :class:`DocContext`. The function is pure: the same
document and pipeline give the same mentions, in any process.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from sitrep.extract import attribution
from sitrep.extract.common import trim
from sitrep.extract.events.claims import _group_claimant
from sitrep.extract.events.coded import coded_fatalities
from sitrep.extract.events.context import DocContext, SentenceContext
from sitrep.extract.events.dates import _backdrop, _is_history, _paragraph_of
from sitrep.extract.events.lexicon import ExtractOptions, Lexicon, load_lexicon, trigger_lemmas
from sitrep.extract.events.mention import (
    _bare_plural,
    _casualties,
    _split,
    _tally,
    hit_mentions,
    mention_id,
)
from sitrep.extract.events.modality import (
    _anaphoric_event,
    _modifier,
    _perfect_or_progressive,
    _reference_point,
    _status_date,
    _under,
    bare_definite,
    is_irrealis,
)
from sitrep.extract.events.model import ModelHook
from sitrep.extract.events.places import (
    _anaphoric_places,
    _dateline,
    _localities,
    _place_candidates,
)
from sitrep.extract.events.roles import _civilians_killed, _inter, _is_civilian, _victim
from sitrep.extract.events.select import _negated, select_hits
from sitrep.extract.events.triggers import Hit, _disaster, find_triggers, is_label
from sitrep.merge.places import places_compatible
from sitrep.nlp import syntax
from sitrep.nlp.actors import ActorRegistry
from sitrep.records import FOLLOW_UP, Document, Mention, Place, Timex


@dataclass(frozen=True)
class _Reading:
    """The document being read: its spans and the knowledge every sentence uses."""

    document: Document
    doc: Doc
    registry: ActorRegistry
    lexicon: Lexicon
    options: ExtractOptions
    denials: Sequence[attribution.Denial]
    actors: list[Span]
    places: list[Span]
    timex: list[Span]
    ctx: DocContext


def _document_context(text: str, actors: Sequence[Span], places: Sequence[Span]) -> DocContext:
    """The document-wide context: its belligerents (most named first), home country and
    the sub-country places of each paragraph."""
    counts = Counter(a.label_ for a in actors if a._.actor_kind != "source")
    ctx = DocContext(belligerents=tuple(sorted(counts, key=lambda n: (-counts[n], n))))
    local = [p for p in places if p._.place is not None and p._.place.feature != "country"]
    home = Counter(p._.place.country for p in local).most_common(1)
    ctx.home_country = home[0][0] if home else ""
    for p in local:
        # a paragraph's place for its unplaced events: one in the document's main country
        # ("talks in Tehran" does not place an arrest in Afghanistan)
        if p._.place.country == home[0][0]:
            ctx.paragraph_places.setdefault(_paragraph_of(text, p.start_char), []).append(p)
    return ctx


def extract_mentions(
    document: Document,
    doc: Doc,
    registry: ActorRegistry,
    lexicon: Lexicon | None = None,
    options: ExtractOptions | None = None,
    model: ModelHook | None = None,
) -> list[Mention]:
    """Event mentions of one analysed document, in text order (``model``: the learned
    event model's additions and sub-type overrides, :mod:`.model`)."""
    lexicon = lexicon or load_lexicon()
    options = options or ExtractOptions()
    text = doc.text
    actors, places = syntax.spans(doc, "actors"), syntax.spans(doc, "places")
    reading = _Reading(document, doc, registry, lexicon, options,
                       attribution.find_denials(doc), actors, places,
                       syntax.spans(doc, "timex"), _document_context(text, actors, places))
    ctx = reading.ctx
    mentions: list[Mention] = []
    last: list[Mention] = []  # the previous sentence's mentions
    last_para = -1
    for sent in doc.sents:
        if not sent.text.strip() or _is_headline(document, sent) or _is_heading(sent):
            continue
        para = _paragraph_of(text, sent.start_char)
        ctx.paragraph = para
        if ctx.lede < 0 and (any(t.pos_ in {"VERB", "AUX"} for t in sent)
                             or not text[sent.end_char:].strip()):
            # the lede reports the story's own event; a one-line note the parser found no
            # verb in ("Gunmen kidnap trader") is its own lede
            ctx.lede = sent.start
        elif (not mentions and ctx.lede >= 0 and ctx.timex_paragraph == para
              and _paragraph_of(text, doc[ctx.lede].idx) == para):
            # the dated opening sentence set the scene and told no event ("On 3 May, the
            # army raided a camp in X."): the next sentence of its paragraph tells it
            ctx.lede = sent.start
        here, dated = _sentence(reading, sent, para)
        ctx.follows = bool(last) and last_para == para
        new: list[Mention] = []
        setting = _story_setting(reading, here)
        if setting is not None:
            # "The attack took place on Monday near X": the day and place of the event
            # being told, which a report's "said on Wednesday" only bounded
            mentions[:] = [_set_in(m, setting) for m in mentions]
            ctx.story = [_set_in(m, setting) for m in ctx.story]
            ctx.stories = [[_set_in(m, setting) for m in st] for st in ctx.stories]
        elif here.timexes or not dated:  # a sentence dated only in the past is history
            new = _sentence_mentions(here)
            if model is not None:
                new = model.apply(here, new, follows=bool(last) and last_para == para)
        if not new and last and last_para == para and not dated and not here.places:
            new = _retold(document, sent, last, lexicon, registry, ctx)
            if not new:
                # "... near Sake. Local sources reported six combatants killed.": the
                # figure of the event just told
                mentions[-len(last):] = _with_later_toll(last, sent.text)
        if not _violent(new, lexicon):
            # "Five people were killed.", "The motive for the attack is unknown.": more of
            # the event being told, linked to it (or a reference to another event)
            follow = _follow_up(reading, here, last if ctx.follows and not new else [])
            victims = _later_victims(here, follow)
            if victims:
                mentions[:] = [_with_victims(m, victims) for m in mentions]
                follow = [_with_victims(m, victims, m.anchor) for m in follow]
                ctx.story = [_with_victims(m, victims) for m in ctx.story]
            new = [*new, *follow]
        mentions.extend(new)
        last, last_para = (new, para) if new else ([], -1)
        _remember(here, new)
        told = [m for m in _violent(new, lexicon) if not m.anchor]
        if told:
            ctx.story = told
            ctx.story_paragraph = para
            ctx.stories.append(told)
    # one mention per sentence, place and type: two triggers of one event ("protesters ...
    # dispersed the crowd") must not tell it twice
    unique: dict[str, Mention] = {}
    for m in mentions:
        unique.setdefault(m.mention_id, _from_first_word(m, text))
    # "fatalities coded as 0 (a local outlet said 3)": the figure a coder's note says it coded
    return coded_fatalities(text, list(unique.values()))


_OPENING_QUOTES = frozenset({'"', "\u201c"})


# a live blog's time stamp opening an entry: "8.45 am – ", "23:01 UTC: ", "9. 05 am - "
_STAMP = re.compile(r"\d{1,2}(?::|\.\s?)[0-5]\d\s?(?:[ap]\.?\s?m\.?|utc|gmt)?"
                    r"\s*[-\u2013\u2014:]+\s*(?=[^\W\d_])", re.IGNORECASE)


def _from_first_word(m: Mention, text: str) -> Mention:
    """The mention's quote from its first word: a sentence that opens a quotation ('"It is
    not over," she said.') starts after the quotation mark, which a reader (and other
    sentence splitters) may leave with the sentence before; a live-blog entry ("8.45 am –
    Explosion at the X hotel") starts after its time stamp, which dates the entry as a
    dateline does and which other splitters cut at its full stop ("8. | 45 am")."""
    start = m.char_start
    while start < m.char_end and (text[start] in _OPENING_QUOTES or text[start].isspace()):
        start += 1
    stamp = _STAMP.match(text, start, m.char_end)
    if stamp and any(c.isalpha() for c in text[stamp.end():m.char_end]):
        start = stamp.end()
    if start == m.char_start or start >= m.char_end:
        return m
    return replace(m, char_start=start, evidence=text[start:m.char_end])


def _sentence(reading: _Reading, sent: Span, para: int) -> tuple[SentenceContext, bool]:
    """The sentence's context (its current dates only), and whether it has any date."""
    doc, lexicon, ctx = reading.doc, reading.lexicon, reading.ctx
    body = _after_dateline(sent)
    # "QUETTA, Pakistan —": the dateline's country is where the story was filed, no actor
    # (its city stays a place candidate: the event's place when the sentence names none)
    told = _after_dateline(sent, named=True)
    actors = [a for a in reading.actors if syntax.inside(a, told)]
    timexes = [t for t in reading.timex if syntax.inside(t, body) and t._.timex is not None]
    places = _place_candidates(body, reading.places, actors)
    places = sorted([*places, *_localities(doc, body, places, para, ctx)],
                    key=lambda p: p.start)
    backdrops = [t for t in timexes if _backdrop(t, lexicon)]
    anchor = reading.document.published
    current = [t for t in timexes
               if (not _is_history(t._.timex, anchor, lexicon, None) or _exact_day(t))
               and t not in backdrops
               # the far end of "between October 2016 and January 2017"
               and not (backdrops and t.start > 0 and t._.timex.precision == 3
                        and doc[t.start - 1].lower_ in {"and", "to"})]
    here = SentenceContext(reading.document, doc, sent, para, actors, current, places, ctx,
                           reading.denials, reading.registry, lexicon, reading.options)
    return here, bool(timexes)


def _exact_day(timex: Span) -> bool:
    """ "On 4 December 1971", "May 24, 2014": a date to the day names when a specific event
    happened, however long ago (ACLED codes an event with its date and place); a year, a
    month or a season long past ("In 2006", "between 2005 and 2011") is background."""
    tx = timex._.timex
    return tx.precision == 1 and tx.kind == "absolute" and tx.date_from == tx.date_to


def _remember(here: SentenceContext, new: Sequence[Mention]) -> None:
    """Carry the sentence's date, places and actors to the sentences after it."""
    ctx, para, places = here.ctx, here.para, here.places
    if here.timexes:
        ctx.timex = here.timexes[-1]._.timex
        ctx.timex_paragraph = para
    ctx.seen_places.extend((para, p) for p in places)
    violent = [m for m in new if m.event_type != "Strategic developments"]
    if violent and places:
        # a later sentence's unplaced event happened where this one did ("Talks were
        # held in Doha" places no fighting)
        ctx.places = [p for p in places if any(p.text == m.location for m in violent)] or places
        ctx.places_paragraph = para
    fighting = [a for a in here.actors if a._.actor_kind != "source"]
    if fighting:
        ctx.actors = fighting


def _is_heading(sent: Span) -> bool:
    """ "THE BATTLE FOR WEST MOSUL:": a section heading in capitals names no event."""
    letters = [c for c in sent.text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_headline(document: Document, sent: Span) -> bool:
    """The document's title line: a headline is told again, dated, in the body; read
    alone it would be an event dated to the publication day."""
    title = (document.title or "").strip()
    if len(title) < 12 or sent.start_char > 400 or sent.text.strip() != title:
        return False
    # a report that is only its headline line ("Gunmen kill two traders in X") tells
    # its event nowhere else
    rest = document.text[:sent.start_char] + document.text[sent.end_char:]
    return any(c.isalpha() for c in rest)


def _retold(
    document: Document,
    sent: Span,
    last: list[Mention],
    lexicon: Lexicon,
    registry: ActorRegistry,
    ctx: DocContext,
) -> list[Mention]:
    """ "X attacked Y on Monday. The group claimed it had killed 30 soldiers.": another
    party's account of the event just told (no date or place of its own) is another
    mention of it, with that party as claimant and its own figures."""
    same = {last[0].sub_event_type, "Armed clash", "Attack"}
    hits = [  # a reported clause ("it had killed 30"), not "claimed the attack"
        h for h in find_triggers(sent, lexicon)
        if h.token.pos_ == "VERB"
        and not is_irrealis(h.token, lexicon)
        and h.trigger.sub_event_type in same
    ]
    if not hits or lexicon.types(last[0].sub_event_type)[0] not in lexicon.violent_types:
        return []
    attr = attribution.attribute(sent)
    # "the militia said": the non-state side of the event just told
    named = [last[0].actor1, last[0].actor2, *(a.label_ for a in reversed(ctx.actors)),
             *ctx.belligerents]
    claimant = _group_claimant(attr.claimant, named, registry, lexicon, last[0].event_date, "")
    if not claimant or claimant == last[0].claimant or _inter(
            registry, claimant, None) not in lexicon.conflict_parties:
        return []  # only a party to the conflict gives its own account
    start, end = trim(document.text, sent.start_char, sent.end_char)
    killed = _casualties(sent.text).get("killed", (None, None))
    n = len(last)
    return [
        replace(
            m,
            mention_id=mention_id(document.doc_id, start, end, m.place.matched if m.place else "",
                                  m.sub_event_type),
            claimant=claimant,
            hedged=attr.hedged,
            disputed_by="",
            fatalities=_split(killed[0], n, i),
            fatalities_high=_split(killed[1], n, i),
            wounded=None,
            captured=None,
            char_start=start,
            char_end=end,
            evidence=document.text[start:end],
            trigger=sent.doc[hits[0].start : hits[0].end].text,
            flags=[*m.flags, "retold-by-other-party"],
            anchor=m.anchor or m.mention_id,
        )
        for i, m in enumerate(last)
    ]


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_HARM_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})


def _violent(mentions: Sequence[Mention], lexicon: Lexicon) -> list[Mention]:
    """The mentions of violent event types (ACLED: battles, explosions, attacks)."""
    return [m for m in mentions if m.event_type in lexicon.violent_types]


# Events a harm told right after them belongs to ("looted the market. Two traders were
# shot dead."); an arrest or an agreement does not host the harm of another sentence.
_HARM_HOSTS = frozenset({"Protests", "Riots", "Looting/property destruction"})


def _follow_up(reading: _Reading, here: SentenceContext,
               previous: Sequence[Mention] = ()) -> list[Mention]:
    """A sentence that tells more of the event being told (its toll, its victims, "the
    attack", "Monday's bombing") and no event of its own: one mention of that event per
    mention of it, with this sentence's quote, span and figures, linked by ``anchor`` so
    the merge puts it in the same event. A sentence that refers to a violent event at
    another time or place is not linked (an aside on an earlier event)."""
    ctx, lexicon = here.ctx, here.lexicon
    cas = _casualties(here.sent.text)
    if (_tally_since(here.sent, lexicon) or _tally(here.sent.text, lexicon)) and any(
            v[0] for v in cas.values()):
        return []  # "Since May, 27 civilians have been killed": a tally, no event's toll
    cue = _story_cue(here)
    if cue is None:
        return []
    story = _story_for(reading, here)
    told = {m.mention_id for m in story}
    recent = [m for m in previous if not m.anchor and m.mention_id not in told]
    harmed = any(v[0] for k, v in cas.items() if k in {"killed", "wounded"})
    if recent and harmed and all(m.event_type in _HARM_HOSTS
                                 or m.sub_event_type in _HARM_HOSTS for m in recent):
        # "RSF fighters looted the market. Two traders were shot dead.": the harm is of the
        # event the sentence before told, not of an earlier violent one
        story = recent
    if not story:
        return []
    attr = attribution.attribute(here.sent)
    named = [story[0].actor1, story[0].actor2, *(a.label_ for a in reversed(ctx.actors)),
             *ctx.belligerents]
    claimant = _group_claimant(attr.claimant, named, here.registry, lexicon,
                               story[0].event_date, attr.claimant)
    document = here.document
    start, end = trim(document.text, here.sent.start_char, here.sent.end_char)
    killed = cas.get("killed", (None, None))
    wounded = cas.get("wounded", (None, None))
    n = len(story)
    return [
        replace(
            m,
            mention_id=mention_id(document.doc_id, start, end,
                                  m.place.matched if m.place else "", m.sub_event_type),
            claimant=claimant,
            hedged=attr.hedged,
            disputed_by="",
            fatalities=_split(killed[0], n, i),
            fatalities_high=_split(killed[1], n, i),
            wounded=_split(wounded[0], n, i),
            captured=None,
            char_start=start,
            char_end=end,
            evidence=document.text[start:end],
            trigger=cue,
            flags=[*(f for f in m.flags if f != "retold-by-other-party"), FOLLOW_UP],
            anchor=m.mention_id,
        )
        for i, m in enumerate(story)
    ]


def _tally_since(sent: Span, lexicon: Lexicon) -> bool:
    """A perfect-tense sentence opened by a period word ("Since the beginning of May, at
    least 27 civilians have been killed"): a count over the period, not one event's."""
    opened = any(t.lower_ in lexicon.backdrop_preps and t.pos_ in {"ADP", "SCONJ"}
                 and (t.dep_ == "mark" or any(c.dep_ == "pobj" for c in t.children))
                 for t in sent)  # not "have since been discharged"
    return opened and any(t.tag_ == "VBN" and any(
        c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in t.children)
        for t in sent)


def _story_for(reading: _Reading, here: SentenceContext) -> list[Mention]:
    """The event a follow-up sentence tells more of: the one being told, unless the
    sentence names a time or place that cannot be its own; then the latest event told
    earlier whose own date or place the sentence names (a bombing in one town, then an
    ambush in another: "In the first town, the blast shattered windows" tells more of the
    bombing), else none (an aside on yet another event)."""
    ctx = here.ctx
    story = ctx.story
    if not story:
        return []
    if not _elsewhere(reading, here, story[0]):
        return story
    # the sentence's own dates and places, read once for all the earlier events
    days = [t._.timex for t in reading.timex if t._.timex is not None
            and syntax.inside(t, here.sent) and not _backdrop(t, here.lexicon)]
    spots = [p._.place for p in here.places if p._.place is not None and not _origin(p)
             and syntax.inside(p, here.sent)]
    for earlier in reversed(ctx.stories):
        if earlier is story or earlier[0].mention_id == story[0].mention_id:
            continue
        if _fits(days, spots, earlier[0]) and not _elsewhere(reading, here, earlier[0]):
            return earlier
    return []


def _fits(days: Sequence[Timex], spots: Sequence[Place], anchor: Mention) -> bool:
    """The sentence names the event's own date (a day it spans) or a place compatible
    with the event's: it points at that event, not at whichever was told last."""
    if anchor.event_date is not None and any(
            t.date_from <= anchor.event_date <= t.date_to for t in days):
        return True
    if anchor.place is None:
        return False
    return any(places_compatible(p, anchor.place) for p in spots)


def _story_cue(here: SentenceContext) -> str | None:
    """The words that tell of a violent event in a sentence with none of its own: a
    violent trigger that happened or is named as a known event ("the attack", "after the
    blast"; a device only when it went off: "the bomb exploded", not "bomb-making
    materials"), else a harm verb ("died of their wounds", "were injured") or a harm
    noun with its toll ("the death toll rose to 39"), with no natural or accidental cause
    (no capture of ground, no "death penalty", no "victims' families")."""
    lexicon, sent = here.lexicon, here.sent
    devices = _devices(lexicon)
    hits = find_triggers(sent, lexicon)
    events = {h.token.i for h in hits}
    for h in hits:
        trig = h.trigger
        if trig.territorial or lexicon.types(trig.sub_event_type)[0] not in lexicon.violent_types:
            continue
        tok = h.token
        if _negated(tok) or _disaster(tok, lexicon) or _harmed_people(tok):
            continue
        named = _named_event(tok, here.places)
        if (_framed(tok, lexicon) or _time_reference(tok, lexicon)) and not named:
            continue  # "charged over the bombing", "left the scene after the blast"
        if (_classifier(tok, lexicon, events) or _setting_of(tok)) and not named:
            continue  # "the bombing suspect", "near the blast site", "the cause of the blast"
        words = sent.doc[h.start : h.end]
        if tok.pos_ != "VERB" and any(w.lemma_.lower() in devices or w.lower_ in devices
                                      for w in words):
            if not (tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_.lower()
                    in lexicon.outcome_verbs and not _unreal(tok.head, lexicon)):
                continue  # a device found, made or carried: no event told
        if _generic(tok) or _kind_of_event(tok, lexicon, bool(here.timexes)):
            continue  # "drone strikes have killed thousands since 2004": a kind of event
        if _presupposed(tok) or not _unreal(tok, lexicon):
            return sent.doc[h.start : h.end].text
    if any(t.lemma_.lower() in lexicon.non_conflict_causes
           or t.lower_ in lexicon.non_conflict_causes for t in sent):
        return None  # "died in a car crash", "injured in the floods"
    cas = _casualties(sent.text)
    toll = bool(cas.get("killed", (None, None))[0] or cas.get("wounded", (None, None))[0])
    for tok in sent:
        if tok.pos_ not in _HARM_POS or not (
                tok.lemma_.lower() in lexicon.harm_words or tok.lower_ in lexicon.harm_words):
            continue
        if (tok.pos_ in {"NOUN", "PROPN"} and not toll and not _suffered(tok, lexicon)) or (
                _negated(tok) or _unreal(tok, lexicon) or _framed(tok, lexicon)
                or _harmed_people(tok)):
            continue  # "a vigil to honour the dead", "charged with attempted murder"
        return tok.text
    return None


# "the wounded", "the dead", "the injured": the harmed as a group of people
_HARMED_PEOPLE = frozenset({"dead", "injured", "wounded", "hurt"})
_PLACE_PREPS = frozenset({"at", "in", "on", "near", "outside", "inside"})


def _harmed_people(token: Token) -> bool:
    """ "The wounded were taken to hospital", "some of the injured",
    "honour the dead and injured": a harm word used as a noun for the people harmed, who
    are talked about (treated, counted, mourned); no harm is told (ACLED codes the event
    that harmed them, where it is told). A figure ("20 injured were admitted") or a
    clause ("those who were injured") tells the harm, as does any other use."""
    if token.lower_ not in _HARMED_PEOPLE or token.dep_ in {"amod", "ROOT", "acomp", "oprd"}:
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "among" and any(
            c.dep_ == "nsubj" for c in token.head.head.children):
        return False  # "one Briton was among the dead": who was harmed, a toll told
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head  # "the dead and wounded"
    return head.lower_ in _HARMED_PEOPLE and any(
        c.dep_ == "det" and c.lower_ == "the" for c in head.children
    ) and not any(c.dep_ in {"nummod", "advmod", "agent", "prep", "aux", "auxpass"}
                  or c.like_num for c in token.children)


def _placed_here(token: Token, places: Sequence[Span]) -> bool:
    """The event noun has a place or day of its own ("blasts at the airport in X", "an
    attack in London", "Wednesday's attack"): a specific event told with where or when
    it happened, not only named as the time of something else."""
    if token.pos_ not in _NOMINAL or token.head.lower_ == "since":
        return False  # "at odds since the attack in X": the start of a period told
    spots = {t.i for p in places for t in p}
    return any((c.dep_ == "prep" and c.lower_ in _PLACE_PREPS and any(
        t.i in spots for g in c.children if g.dep_ == "pobj" for t in g.subtree))
        or (c.dep_ == "poss" and c.ent_type_ == "DATE") for c in token.children)


# what names one event: its day, year, town or venue ("the August 17 shrine bombing")
_NAMING_DEPS = frozenset({"compound", "nmod", "nummod", "amod", "poss", "npadvmod"})
_NAMING_ENTS = frozenset({"DATE", "GPE", "LOC", "FAC", "EVENT"})


def _named_event(token: Token, places: Sequence[Span]) -> bool:
    """ "the August 17 Bangkok shrine bombing", "the 1980 attack", "the Brussels attacks",
    "an explosion in Chelsea": an event noun that carries its own date or place names one
    specific event, which a sentence that only refers to it (a suspect, a trial, a time
    after it) still tells of; a bare "the bombing" or "the pub bombings" does not."""
    if token.pos_ not in _NOMINAL:
        return False
    if _placed_here(token, places):
        return True
    return any(c.dep_ in _NAMING_DEPS and any(
        t.ent_type_ in _NAMING_ENTS or _year(t) for t in c.subtree) for c in token.children)


def _year(token: Token) -> bool:
    """ "1980", "2013": a four-digit year."""
    return token.like_num and len(token.text) == 4 and token.text.isdigit() and (
        1800 < int(token.text) < 2100)


# "the scene of the blast", "the cause of the explosion", "in the aftermath of the attack"
_SETTING_NOUNS = frozenset({"scene", "site", "aftermath", "wake", "cause", "result"})


def _setting_of(token: Token) -> bool:
    """ "near the scene of the blast", "the cause of the explosion is unclear", "arrested in
    the aftermath of the bombings": the event word names where, why or after what something
    else is told, which tells nothing more of the event (a clause of its own still does:
    "the site of the other blast, which went off a minute later")."""
    head = token.head
    return (token.dep_ == "pobj" and head.lower_ == "of"
            and head.head.lemma_.lower() in _SETTING_NOUNS
            and not any(c.dep_ in {"relcl", "acl"} for c in token.children))


def _classifier(token: Token, lexicon: Lexicon, events: set[int]) -> bool:
    """ "the bombing suspect", "near the blast site", "an attack drone": the event word
    only classifies another noun (a person, place or thing), which tells nothing more of
    the event; a harm noun ("bomb victims", "blast injuries"), an attempt ("assassination
    attempt") or another event word ("the bombing attack") still does."""
    head = token.head
    if token.dep_ != "compound" or head.pos_ not in _NOMINAL or head.i in events:
        return False
    words = {head.lower_, head.lemma_.lower()}
    return not words & (lexicon.harm_words | lexicon.attempt_heads)


_SUFFERED_PREPS = frozenset({"with", "for", "to", "from"})


def _suffered(token: Token, lexicon: Lexicon) -> bool:
    """ "a guard suffered minor injuries", "were taken to hospital with injuries",
    "succumbed to his wounds": a harm noun with no figure that someone suffered or was
    treated or carried off with (the lexicon's ``harm_suffered_heads``), not a bare one
    ("a vigil for the injured")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in _SUFFERED_PREPS:
        head = head.head
    elif token.dep_ != "dobj":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in lexicon.harm_suffered_heads


_NOMINAL = frozenset({"NOUN", "PROPN"})
# "a report about the bombing", "concern regarding the strikes": the event as the topic of
# what is said, asked or known, not told
_TOPIC_PREPS = frozenset({"about", "regarding", "concerning"})


def _framed(token: Token, lexicon: Lexicon, new: bool = False) -> bool:
    """The event word is named inside a justice, investigation or commemoration frame: the
    object of a framing preposition ("charged with attempted murder", "the investigation
    into the blast", "on the anniversary of the attack"), a compound or possessive of a
    framing noun ("the bombing investigation"), the object of a framing verb ("honour the
    dead") or of an act it names ("convicted of carrying out the bombing"), or the topic
    of what is said or known ("questions about the attack"). The event is referred to,
    not reported; a clause of its own (a relative clause) still tells it.
    ``new``: the event would be a new one (no story told), framed by a motive too."""
    def frames(word: Token) -> bool:
        return _frames(word, lexicon) or (new and word.pos_ in _NOMINAL and (
            word.lemma_.lower() in lexicon.frame_motive_nouns))

    cur = token
    while cur.dep_ == "conj" and cur.pos_ in _NOMINAL and cur.head.i != cur.i:
        cur = cur.head  # "the bombing and the shooting"
    if cur.dep_ == "pobj" and cur.head.lower_ in _TOPIC_PREPS:
        return True  # "questions about the attack": what is talked or known about
    if cur.dep_ in {"dobj", "nsubjpass"} and cur.head.pos_ == "VERB":
        if frames(cur.head):
            return True
        cur = cur.head  # "of carrying out the bombing": the act the frame names
        if cur.dep_ != "pcomp":
            return False
    elif cur.dep_ in {"compound", "poss", "nmod"}:
        return frames(cur.head)
    if cur.dep_ in {"pobj", "pcomp"} and cur.head.dep_ == "prep":
        head = cur.head.head
        # "opened an investigation into the blast", the preposition hung on the verb
        return frames(head) or (head.pos_ == "VERB" and any(
            c.dep_ == "dobj" and c.pos_ in _NOMINAL and frames(c) for c in head.children))
    return False


def _frames(word: Token, lexicon: Lexicon) -> bool:
    """The word opens a reference frame (a verb, noun or adjective of the lexicon's
    ``reference_frame``)."""
    lemma = word.lemma_.lower()
    if word.pos_ == "VERB":
        return lemma in lexicon.frame_verbs
    if word.pos_ in _NOMINAL:
        return lemma in lexicon.frame_nouns or word.lower_ in lexicon.frame_nouns
    return word.pos_ == "ADJ" and lemma in lexicon.frame_adjectives


def _time_reference(token: Token, lexicon: Lexicon) -> bool:
    """ "in the weeks following the bombing", "the day after the attack", "40 minutes after
    the blast": the event as the measured time reference of another statement (a bare
    "after the blast" often still tells the event's own moments)."""
    prep = token.head
    if not (token.dep_ == "pobj" or (token.dep_ == "dobj" and prep.tag_ == "VBG")):
        return False  # "in the days following the bombing": "following" parsed as a verb
    if prep.lower_ not in lexicon.frame_time_preps:
        return False
    spans = lexicon.frame_time_spans
    return prep.head.lemma_.lower() in spans or any(
        c.dep_ in {"npadvmod", "advmod"} and c.lemma_.lower() in spans for c in prep.children)


def _handled_device(hit: Hit, lexicon: Lexicon) -> bool:
    """ "learned how to build a bomb", "bombs were placed near the line", "bombs placed four
    blocks apart": a weapon made, bought or placed, not set off (its blast, when told, is
    an event of its own: "the bomb exploded"; one found or seized is a disrupted use)."""
    tok = hit.token
    words = hit.token.doc[hit.start : hit.end]
    devices = _devices(lexicon)
    if tok.pos_ not in _NOMINAL or not any(
            w.lemma_.lower() in devices or w.lower_ in devices for w in words):
        return False
    while tok.dep_ == "conj" and tok.head.pos_ in _NOMINAL:
        tok = tok.head
    verbs = lexicon.frame_device_verbs
    if tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in verbs:
        return True
    if (tok.dep_ in _MAKING_DEPS and tok.head.lemma_.lower() in verbs
            and tok.head.lower_.endswith("ing")):
        return True  # "bomb-making materials", "possession of bomb making parts"
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lexicon.outcome_verbs:
        return False  # "a bomb found near the market exploded"
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in verbs
               for c in tok.children)


_PRESENT = frozenset({"VBZ", "VBP"})
# "bomb-making materials": the device noun hung on the "-making" word (the making told)
_MAKING_DEPS = frozenset({"npadvmod", "compound", "nmod"})


def _kind_of_event(token: Token, lexicon: Lexicon, dated: bool = False) -> bool:
    """ "such attacks", "foreign drone strikes aid those regimes", "the decline in drone
    strikes comes after ...": a plural event noun named as a kind ("such", "similar"), or
    with no article, figure or possessive in an undated statement in the simple present:
    events of a kind, not an event told. (A dated headline in the present, "Clashes erupt
    in X on Monday", and an outcome, "airstrikes kill five", tell an event.)"""
    if token.tag_ != "NNS":
        return False
    kids = list(token.children)
    if any(c.lower_ in lexicon.frame_kind_words for c in kids):
        return True
    if dated or any(c.dep_ in {"det", "poss", "nummod"} for c in kids):
        return False
    verb = token
    for _ in range(4):  # the verb the noun belongs to, through prepositions
        if verb.head.i == verb.i or verb.pos_ in {"VERB", "AUX"}:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() in lexicon.outcome_verbs:
        return False
    if token.dep_ == "dobj" and _headline_target(verb, token):
        return False  # "jets launch raids on Kora Hills": a note's headline present
    return verb.tag_ in _PRESENT or any(  # "is carrying out attacks" tells ongoing events
        c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


_TARGET_PREPS = frozenset({"on", "at", "against"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG"})  # ("Kora Hills" may be read as an ORG)


def _headline_target(verb: Token, noun: Token) -> bool:
    """ "fighters hurl grenades at a border post", "jets launch raids on Kora Hills":
    the doers' events aimed at one named place or at one place ("at a post"), as a note's
    present tense tells them (a kind of event has no single target: "attacks on convoys",
    "on a regular basis")."""
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    preps = [c for w in (verb, noun) for c in w.children
             if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS]
    return any(g.ent_type_ in _PLACE_ENTS or (p.lower_ != "on" and g.tag_ == "NN" and any(
        d.dep_ == "det" and d.lower_ in {"a", "an"} for d in g.children))
        for p in preps for g in p.children if g.dep_ == "pobj")


def _generic(token: Token) -> bool:
    """A bare plural event noun ("attacks", "drone strikes"): events of a kind, not one
    event told ("the attacks", "twin blasts", "its bombings" are)."""
    return _bare_plural(token, _COMMON_PLURAL)


_COMMON_PLURAL = frozenset({"NNS"})


_DEVICES: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _devices(lexicon: Lexicon) -> frozenset[str]:
    """Weapon and device nouns: the objects of the lexicon's disrupted-weapons triggers
    ("seized explosives", "defused a bomb"); gathered once per lexicon."""
    kept = _DEVICES.get(id(lexicon))
    if kept is None or kept[0] is not lexicon:
        kept = (lexicon, frozenset().union(*(t.objects for t in lexicon.triggers
                                             if t.sub_event_type == "Disrupted weapons use")))
        _DEVICES[id(lexicon)] = kept
    return kept[1]


def _unreal(token: Token, lexicon: Lexicon) -> bool:
    """The word, or the verb it is the subject or object of, is irrealis or habitual
    ("such fighting has often killed people", "could injure dozens")."""
    if is_irrealis(token, lexicon):
        return True
    return token.dep_ in {"nsubj", "nsubjpass", "dobj"} and token.head.pos_ in {
        "VERB", "AUX"} and is_irrealis(token.head, lexicon)


def _presupposed(token: Token) -> bool:
    """ "the attack", "Monday's bombing", "its explosion": an event noun naming an event
    the reader already knows, whatever the clause around it says (a motive, a claim)."""
    return token.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in token.children)


def _elsewhere(reading: _Reading, here: SentenceContext, anchor: Mention) -> bool:
    """The sentence names a time before the event told (or any time, when that event has
    no date), a period (a year, a season), or a place that cannot be the event's: another
    event or background, not this one."""
    lexicon = here.lexicon
    for t in reading.timex:
        if t._.timex is None or not syntax.inside(t, here.sent) or _backdrop(t, lexicon):
            continue
        tx = t._.timex
        if anchor.event_date is None or tx.date_to < anchor.event_date:
            return True
        if _names_year_of(t, tx, anchor):
            continue  # "the carnage of the 2013 bombing": the event's own year names it
        if tx.kind == "year" or (tx.date_to - tx.date_from).days > 31:
            return True  # "In 2021, the Taliban overran ...": a period told, background
    if anchor.place is None:
        return False
    # "on Baker Street in the Marylebone district of London": a sentence that names the
    # event's place points at it, whatever other name it reads as a place elsewhere
    spots = [p._.place for p in here.places if p._.place is not None and not _origin(p)
             and syntax.inside(p, here.sent)]
    elsewhere = [p for p in spots if not places_compatible(p, anchor.place)]
    # a country or a wide region holds any place of its own: it does not point at the
    # event's town
    return bool(elsewhere) and not any(p.feature not in _WIDE_PLACES for p in spots
                                       if p not in elsewhere)


_WIDE_PLACES = frozenset({"country", "region"})
_YEAR_MODIFIERS = frozenset({"nummod", "compound", "amod", "nmod"})


def _names_year_of(span: Span, tx: Timex, anchor: Mention) -> bool:
    """ "the 2013 bombing", "the 2015 attacks": a year that modifies an event noun and holds
    the day of the event told names that event (it is no period of background)."""
    return (tx.kind == "year" and anchor.event_date is not None
            and tx.date_from <= anchor.event_date <= tx.date_to
            and any(w.like_num and w.dep_ in _YEAR_MODIFIERS and w.head.pos_ == "NOUN"
                    and not span.start <= w.head.i < span.end for w in span))


def _origin(place: Span) -> bool:
    """ "Louise Smith, 29, of New Zealand", "John Doe from Utah": where a named person
    comes from, not where anything happened."""
    root = place.root
    prep = root.head
    return (root.dep_ == "pobj" and prep.lower_ in {"of", "from"}
            and prep.head.ent_type_ == "PERSON")


def _later_victims(here: SentenceContext, follow: Sequence[Mention]) -> dict[str, str]:
    """actor2 for the linked mentions that have none, from a following sentence that
    tells who was killed or wounded ("A bomb went off at the market. Five civilians were
    killed."): civilians of a blast or strike, or an armed actor the sentence names as
    the dead or wounded. Keyed by the linked mention's id."""
    todo = [m for m in follow if m.anchor and not m.actor2]
    if not todo:
        return {}
    out: dict[str, str] = {}
    registry, lexicon = here.registry, here.lexicon
    armed = [a.label_ for a in here.actors if a._.actor_kind != "source"
             and _victim(a, lexicon.harm_words, registry.state_force_assets)
             and not _is_civilian(registry, a.label_)]
    civilians = _civilians_killed(here.sent.text, lexicon)
    for m in todo:
        if armed and lexicon.types(m.sub_event_type)[0] in lexicon.violent_types:
            victim = registry.qualified(armed[0], m.place.country if m.place else "")
            if victim != m.actor1:
                out[m.anchor] = victim
        elif civilians and lexicon.types(m.sub_event_type)[0] == _REMOTE:
            country = m.place.country if m.place else ""
            out[m.anchor] = f"Civilians ({country})" if country else "Civilians"
    return out


_REMOTE = "Explosions/Remote violence"  # ACLED codes civilians hit by a blast as actor2


def _with_victims(m: Mention, victims: dict[str, str], key: str | None = None) -> Mention:
    """``m`` with the actor2 ``victims`` gives its event (by its id, or ``key``)."""
    found = victims.get(key or m.mention_id)
    return replace(m, actor2=found) if found and not m.actor2 else m


def _with_later_toll(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions given the death toll a following sentence states, if they had none."""
    killed = _casualties(text).get("killed", (None, None))
    if killed[0] is None or any(m.fatalities is not None for m in mentions):
        return mentions
    n = len(mentions)
    return [
        replace(m, fatalities=_split(killed[0], n, i), fatalities_high=_split(killed[1], n, i))
        for i, m in enumerate(mentions)
    ]


_DASHES = {"-", "--", "\u2013", "\u2014"}


def _after_dateline(sent: Span, named: bool = False) -> Span:
    """The sentence without a wire dateline ("KHARTOUM, April 17 (Reuters) - "): the
    dateline's place and date say where the story was filed, not where events happened
    (with ``named``, also a bare "QUETTA, Pakistan —")."""
    toks = list(sent[:25])
    for i, tok in enumerate(toks[:-1]):
        if tok.text == ")" and toks[i + 1].text in _DASHES and i > 1:
            opener = next((j for j in range(i - 1, -1, -1) if toks[j].text == "("), None)
            if opener is not None and i - opener <= 4 and toks[0].is_upper:
                return sent.doc[toks[i + 1].i + 1 : sent.end]
    if toks and toks[0].is_upper and len(toks[0].text) > 2:
        # "PORT-AU-PRINCE, Haiti — March 4, 2024 — ...": the dash after the date;
        # "NAIROBI - At least ...": a bare dateline in capitals
        for i, tok in enumerate(toks[:16]):
            spaced = i > 0 and bool(toks[i - 1].whitespace_)  # not "PORT-AU-PRINCE"
            if tok.text in _DASHES and spaced and (
                    any(t.like_num for t in toks[:i])
                    or all(t.is_upper or t.is_punct for t in toks[:i])
                    or (named and _city_country(toks[:i]))):
                return sent.doc[tok.i + 1 : sent.end]
    return sent


@dataclass(frozen=True)
class _Setting:
    """The day (and place) a later sentence gives the event being told."""

    ids: frozenset[str]
    tx: Timex
    place: Span | None


def _story_setting(reading: _Reading, here: SentenceContext) -> _Setting | None:
    """A sentence whose subject is the story's event as a bare definite noun ("The attack
    took place on Monday near the village of X"), telling one exact day up to a week
    before the day the story was dated: the event's own day, and its place when the story
    had only a dateline, a country or no place (wire reports date an event by the day an
    official "said" it)."""
    story, lexicon = here.ctx.story, here.lexicon
    if not story or len(here.timexes) != 1 or story[0].event_date is None:
        return None
    span = here.timexes[0]
    tx = span._.timex
    if tx.precision != 1 or tx.date_from != tx.date_to or not (
            0 < (story[0].event_date - tx.date_from).days <= 7):
        return None
    hits = [h for h in find_triggers(here.sent, lexicon)
            if lexicon.types(h.trigger.sub_event_type)[0] in lexicon.violent_types]
    if not hits or not all(_anaphoric_event(h) or h.trigger.territorial for h in hits) or any(
            a._.actor_kind != "source" for a in here.actors):
        return None
    # the day is the clause's own ("took place on Monday"), not another noun's ("in
    # revenge for a herder's death on 6 March")
    verb = _clause_verb(span.root)
    if verb is None or not any(h.token.dep_ in {"nsubj", "nsubjpass"}
                               and h.token.head.i == verb.i for h in hits):
        return None
    own = [p for p in here.places if p._.place is not None
           and p._.place.feature != "country" and not _origin(p)]
    place = None
    if own and all(_weak_place(reading, m) for m in story):
        place = own[0]
    return _Setting(frozenset(m.mention_id for m in story), tx, place)


def _clause_verb(token: Token) -> Token | None:
    """The verb a date or place phrase hangs on, through prepositions only (None when a
    noun comes first: the phrase dates or places that noun)."""
    cur = token
    for _ in range(4):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.dep_ not in {"pobj", "prep", "npadvmod", "nummod", "compound"} or (
                cur.head.i == cur.i):
            return None
        if cur.dep_ == "pobj" and cur.head.head.pos_ not in {"VERB", "AUX"}:
            return None
        cur = cur.head
    return None


def _weak_place(reading: _Reading, m: Mention) -> bool:
    """The mention has no place, only a country, or its dateline's city."""
    if m.place is None or m.place.feature == "country":
        return True
    return any(p.start_char >= m.char_start and p.end_char <= m.char_end
               and p.text == m.location and _dateline(p) for p in reading.places)


def _set_in(m: Mention, setting: _Setting) -> Mention:
    """The story's mention, and its follow-ups, on the day and at the place set."""
    if m.mention_id not in setting.ids and m.anchor not in setting.ids:
        return m
    tx = setting.tx
    flags = [f for f in m.flags if f not in {"date-from-publication", "undated"}]
    if "date-from-context" not in flags:
        flags.append("date-from-context")
    out = replace(m, event_date=tx.date_from, time_precision=1, flags=flags)
    if setting.place is not None:
        flags = [f for f in out.flags if f != "no-location"]
        if "place-from-context" not in flags:
            flags.append("place-from-context")
        out = replace(out, place=setting.place._.place, location=setting.place.text,
                      flags=flags)
    return out


def _back_reference(hit: Hit, lexicon: Lexicon) -> bool:
    """ "claimed the attack", "responsibility for the bombing", "the bomb was detonated
    remotely": a bare definite event or device noun (no modifier, place or clause of its
    own), the trigger or its verb's subject, in a story already told refers back to it."""
    tok = hit.token
    if tok.pos_ == "VERB":
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.pos_ != "NOUN" or not (
                subj.lemma_.lower() in _devices(lexicon)
                or subj.lemma_.lower() in trigger_lemmas(lexicon)):
            return False
        tok = subj
    elif tok.pos_ != "NOUN" or hit.end - hit.start > 1 or tok.dep_ not in {"dobj", "pobj"}:
        return False
    else:
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        if head.lemma_.lower() not in lexicon.claim_heads:
            return False  # "planted the bomb", "involvement in the attack": told as done
    return bare_definite(tok, frozenset({"nummod"}))


def _city_country(toks: Sequence[Token]) -> bool:
    """ "QUETTA, Pakistan", "GOMA, Congo (AP)", "EL FASHER, Sudan": a capitals city, a
    comma, then capitalised names and an agency in brackets, before a dateline's dash."""
    comma = next((j for j, t in enumerate(toks) if t.text == ","), None)
    if comma is None or comma == 0 or len(toks) > 9:
        return False
    return all(t.is_upper for t in toks[:comma]) and all(
        t.is_punct or t.text[:1].isupper() for t in toks[comma + 1:])


def _sentence_mentions(here: SentenceContext) -> list[Mention]:
    """The mentions of one sentence: its valid trigger hits, selected, each coded."""
    lexicon, timexes, places = here.lexicon, here.timexes, here.places
    found = find_triggers(here.sent, lexicon)
    # a coder's label opening a note ("Looting: ...") states the event, whatever hedges
    # the sentence after it ("could be ISWAP")
    unreal = {h.token.i for h in found if is_irrealis(h.token, lexicon) and not is_label(h)}
    hits = [
        h for h in found
        if h.token.i not in unreal
        and not _modifier(h, found)
        and not (not timexes and _anaphoric_event(h))
        # "No group claimed the attack": the event being told, not a new one
        and not (not timexes and not places and here.ctx.story
                 and _back_reference(h, lexicon))
        # "convicted of carrying out the bombing", "such attacks", "built the bomb": a
        # reference to an event or a kind of event, not a report
        and not (lexicon.types(h.trigger.sub_event_type)[0] in lexicon.violent_types
                 and (_framed(h.token, lexicon, new=True)
                      or _kind_of_event(h.token, lexicon, bool(timexes))
                      or _handled_device(h, lexicon)))
        # "assisting X with drone strikes using smart bombs": the bombs share the strikes' fate
        and not _under(h.token, unreal)
        and not (  # a protest met with arrests "after a demonstration" is still the event
            _reference_point(h.token, lexicon)
            and lexicon.types(h.trigger.sub_event_type)[0] not in {"Protests", "Riots"}
            # "following twin blasts at the airport in X": a reference told with a place
            # or day of its own is a specific event that happened then and there (not when
            # it only measures time: "days after an attack in X")
            and not (_placed_here(h.token, places) and not _time_reference(h.token, lexicon)
                     and lexicon.types(h.trigger.sub_event_type)[0] in lexicon.violent_types)
        )
        and not _harmed_people(h.token)  # "the wounded were taken to hospital"
    ]
    if timexes and all(_status_date(t) for t in timexes):
        # "By 10 May, X had taken Y" still tells who holds Y by then (territorial
        # control is read from it); ongoing fighting "as of" a date is not an event
        hits = [
            h for h in hits if h.trigger.territorial or not _perfect_or_progressive(h.token)
        ]
    if not hits:
        return []
    selected = select_hits(hits, places, timexes, lexicon,
                           lambda hit: _anaphoric_places(hit, here.ctx, lexicon, places))
    if not selected:
        return []
    attr = attribution.attribute(here.sent)
    out: list[Mention] = []
    for hit, chosen in selected:
        out.extend(hit_mentions(here, hit, chosen, attr))
    return out
