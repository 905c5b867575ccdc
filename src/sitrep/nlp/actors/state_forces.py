"""The ``sitrep_state_forces`` spaCy component: actors that depend on the country a
document is about ("the army" → that country's state forces on the document's date;
"Islamic State" → its branch there)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_csv
from sitrep.nlp.actors.actor import (
    ARTICLES,
    GENERIC,
    PATTERN,
    POLICE_NAME,
    STATE_INTER,
    STATE_NAME,
    SURNAME,
    _country_key,
)
from sitrep.nlp.actors.registry import _ACRONYM, load_registry
from sitrep.nlp.keys import DECLARED_COUNTRY


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Loose key -> name of real countries (the gazetteer's ACLED country list)."""
    rows = read_csv(DATA_DIR / "gazetteer" / "acled_regions.csv", ("country",),
                    what="country table")
    return {_country_key(row["country"]): row["country"] for row in rows}


def country_name(key: str) -> str:
    """The gazetteer's spelling of a country given loosely ("burkina faso" -> "Burkina
    Faso"); an unknown one title-cased."""
    return _country_names().get(_country_key(key), key.title())


def _known_countries() -> frozenset[str]:
    """Names of real countries (the gazetteer's ACLED country list), compared loosely."""
    return frozenset(_country_names())


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym (lower case, one or two words) -> country: "Beninese soldiers" are Benin's."""
    rows = read_csv(DATA_DIR / "actors" / "demonyms.csv", ("demonym", "country"),
                    what="demonym table")
    return {row["demonym"].lower(): row["country"] for row in rows}


_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_SHORT_TEXT = 1200  # characters: a brief whose one place may name its country
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def text_date(doc: Doc) -> date | None:
    """The day an undated document is judged on: mid-year of the year it names most
    (the latest of equals), so "the army" in a report on 2020 is that year's army."""
    years = Counter(int(y) for y in _YEAR.findall(doc.text))
    if not years:
        return None
    top = max(years.values())
    return date(max(y for y, n in years.items() if n == top), 7, 1)


_COUNTRY_KEY = "sitrep_document_country"  # doc.user_data: set by the component


def document_country(doc: Doc) -> str | None:
    """The one country a document is about (``None`` if unclear).

    The most often named country of its resolved places (towns, districts,
    provinces, the country itself; villages count half), if named at least twice
    and more often than any other, or if it is the only country a short text (a
    brief or a lede) names at all. In a document that names no place, the
    ``sitrep_state_forces`` component also reads its other clues
    (:meth:`StateForceResolver._clue_country`) and records the answer here.
    """
    if _COUNTRY_KEY in doc.user_data:
        return doc.user_data[_COUNTRY_KEY] or None
    return _place_country(doc)


def _place_country(doc: Doc) -> str | None:
    """The country of :func:`document_country` from the resolved places alone."""
    counts: Counter[str] = Counter()
    for span in doc.spans.get("places", []):
        place = span._.get("place") if Span.has_extension("place") else None
        if place is not None and place.feature == "country" and _border(span):
            continue  # "near the Mali border": a neighbour, not the country it is about
        if place is not None and place.country:
            counts[place.country] += 0.5 if place.feature == "village" else 1.0
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return None
    if ranked[0][1] < 2 and (len(ranked) > 1 or len(doc.text) > _SHORT_TEXT):
        return None
    return ranked[0][0]


_BORDER = frozenset({"border", "borders", "frontier", "border-line"})


def _border(span: Span) -> bool:
    """The country is named only by its border: "the Mali border", "the border with Niger"."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    return after in _BORDER or (len(before) == 2 and before[0] in _BORDER
                                and before[1] in {"with", "of"})


class StateForceResolver:
    """spaCy component: actors that depend on the country a document is about.

    Generic phrases for state forces (``state_force_phrases`` of the actor files:
    "the army", "government forces", "soldiers") become the state forces of the
    country named just before them ("Sudan's army") or else of the document's
    country (:func:`document_country`), on the document's date
    (:meth:`ActorRegistry.state_forces`). Spans of a family actor ("Islamic
    State") become its branch in that country ("Islamic State (Syria)").
    Explicit aliases win: a phrase inside an existing actor span is left alone.
    """

    def __init__(self, nlp: Language, name: str, actor_files: Iterable[str]) -> None:
        self.name = name
        self.registry = load_registry(tuple(str(p) for p in actor_files))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = sorted(self.registry.state_force_phrases)
        if phrases:
            self.matcher.add("sitrep_state_force", [nlp.make_doc(p) for p in phrases])
        owned = sorted(self.registry.owned_state_force_phrases - self.registry.state_force_phrases)
        if owned:
            self.matcher.add("sitrep_owned_force", [nlp.make_doc(p) for p in owned])
        police = sorted(self.registry.police_force_phrases)
        if police:
            self.matcher.add("sitrep_police_force", [nlp.make_doc(p) for p in police])
        # whole police phrases by length: "Kenyan police" ends with one, "Afghan forces"
        # does not (it only shares the last word of "police forces")
        self._police_phrases = frozenset(tuple(p.split()) for p in police)

    def __call__(self, doc: Doc) -> Doc:
        reg = self.registry
        country = _place_country(doc)
        if country is None and not doc.spans.get("places"):
            country = self._clue_country(doc)
        if country is None:
            # the country the build says its reports are about (``--country``)
            country = doc.user_data.get(DECLARED_COUNTRY) or None
        doc.user_data[_COUNTRY_KEY] = country or ""
        on = (doc.user_data.get("document_date") or doc.user_data.get("anchor_date")
              or text_date(doc))
        spans: list[Span] = []
        for span in doc.spans.get("actors", []):
            if not reg.applies_in(span.label_, country, span.text, span._.actor_mode):
                continue  # a weak alias of an actor of another conflict
            target = reg.current_state_forces(span.label_, on)
            if reg.has_branches(span.label_):
                target = reg.branch(span.label_, country)
            target = self._police_of(span, target, on, doc.spans.get("actors", [])) or target
            if target != span.label_:
                new = Span(doc, span.start, span.end, label=target)
                new._.person = span._.person
                new._.actor_kind = span._.actor_kind
                span = new
            spans.append(span)
        spans = self._umbrellas(doc, spans)
        taken = {i for s in spans for i in range(s.start, s.end)}
        country_at = self._country_tokens(doc)
        named = self._named_state_force(doc, spans, country, on)
        matches = sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1]))
        for match_id, start, end in matches:
            police = doc.vocab.strings[match_id] == "sitrep_police_force"
            if taken & set(range(start, end)) or not self._phrase_ok(doc, start, end, police):
                continue
            owner = self._owner(doc, start, country_at, police)
            if owner is False or (owner is None and doc.vocab.strings[match_id]
                                  == "sitrep_owned_force"):
                continue  # "forces" alone is anyone's; "French forces" are France's
            if police:
                target = owner or country
                name: str | None = reg.police_forces(target, on) if target else None
                if owner is None:  # "Kenyan police said two officers were killed"
                    name = _speaker_force(doc, start, spans, POLICE_NAME) or name
                if name:  # "forest guards": the police's unit, written after its name
                    name = reg.with_unit(name, doc[start:end].text)
            elif owner is None and (spoken := _speaker_force(doc, start, spans, STATE_NAME)):
                name = spoken  # "the Israeli military said eight soldiers were killed"
            elif owner is None and named is not None:
                name = named
            else:
                target = owner or country
                name = reg.state_forces(target, on) if target else None
            if name is None:
                continue
            new = Span(doc, start, end, label=name)
            new._.person = ""
            new._.actor_kind = "actor"
            spans.append(new)
            taken.update(range(start, end))
            if isinstance(owner, str):
                # "Pakistani and Indian troops": the first demonym's own forces too
                other = self._paired_owner(doc, start, owner, taken)
                if other is not None:
                    both = reg.police_forces(other, on) if police else reg.state_forces(other, on)
                    if both:
                        first = Span(doc, start - 3, start - 2, label=both)
                        first._.person = ""
                        first._.actor_kind = "actor"
                        spans.append(first)
                        taken.add(start - 3)
        doc.spans["actors"] = sorted(spans, key=lambda s: s.start)
        return doc

    @staticmethod
    def _paired_owner(doc: Doc, start: int, owner: str, taken: set[int]) -> str | None:
        """The country of a demonym joined by "and" to the one owning a force phrase
        ("Pakistani and Indian troops": Pakistan), if another."""
        if start < 3 or doc[start - 2].lower_ != "and" or start - 3 in taken:
            return None
        word = doc[start - 3]
        country = _demonyms().get(word.lower_)
        if not word.text[:1].isupper() or country is None or country == owner:
            return None
        return country

    def _umbrellas(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Ansaroul Islam (JNIM) militants": a group followed by an allied group in
        brackets is named as a part of that coalition, which is the actor coded; not a
        wider movement it only adheres to ("JNIM (al-Qaeda)"), which operates elsewhere."""
        at = {s.start: s for s in spans}
        out = []
        for span in spans:
            end = span.end
            inner = at.get(end + 1)
            if (inner is not None and end + 1 < len(doc) and doc[end].text == "("
                    and inner.end < len(doc) and doc[inner.end].text == ")"
                    and inner.label_ != span.label_
                    and span._.actor_kind == inner._.actor_kind == "actor"
                    and self.registry.allies(span.label_, inner.label_)
                    and self._covers(inner.label_, span.label_)):
                new = Span(doc, span.start, span.end, label=inner.label_)
                new._.person = ""
                new._.actor_kind = "actor"
                span = new
            out.append(span)
        return out

    def _covers(self, coalition: str, member: str) -> bool:
        """The coalition operates wherever its member does (both say where)."""
        where = self.registry.operates_in(member)
        return bool(where) and where <= self.registry.operates_in(coalition)

    def _clue_country(self, doc: Doc) -> str | None:
        """The country a text that names no place is about, from what else it says: a
        demonym before a national noun ("the Kenyan government", "Beninese waters",
        "Burkinabe soldiers") or an actor that operates in one country only (a national
        militia, a state's forces). ``None`` unless all clues name one country."""
        reg = self.registry
        nouns = reg.national_nouns | {
            w for p in (reg.state_force_phrases | reg.police_force_phrases
                        | reg.owned_state_force_phrases) for w in p.split()}
        found: set[str] = set()
        names = _country_names()
        for tok in doc:
            if not tok.text[:1].isupper():
                continue
            country = _demonyms().get(tok.lower_)
            if country is None:
                continue
            after = [t.lower_ for t in doc[tok.i + 1 : tok.i + 4] if t.is_alpha]
            if tok.head.lower_ in nouns or (after and after[0] in nouns) or (
                    len(after) > 1 and after[1] in nouns):
                found.add(country)
        for span in doc.spans.get("actors", []):
            if span._.actor_kind != "actor" or span._.actor_mode in (GENERIC, SURNAME, PATTERN) or (
                    _ACRONYM.match(span.text.strip())):
                continue  # a weak alias ("resistance", an acronym) may be anyone's
            if span.start > 0 and doc[span.start - 1].is_title and not (
                    doc[span.start - 1].is_sent_start):
                continue  # part of a longer name ("National Resistance Movement")
            where = reg.operates_in(span.label_)
            if len(where) == 1:
                (key,) = where
                found.add(names.get(key, key.title()))
        return next(iter(found)) if len(found) == 1 else None

    def _named_state_force(
        self, doc: Doc, spans: Sequence[Span], country: str | None, on: date | None
    ) -> str | None:
        """The one state-coded actor the document names explicitly, if it may be its
        own state's ("the army" after "the Ostland army" is Ostland's), else ``None``.

        A state force of another real country than the document's ("Ethiopian
        troops" in a report on Sudan) is not the document's own.
        """
        reg = self.registry
        found: set[str] = set()
        for span in spans:
            if span._.actor_kind != "actor" or reg.inter(span.label_, on) != STATE_INTER:
                continue
            owners = set(reg._countries.get(span.label_, ()))
            own = country is not None and _country_key(country) in owners
            foreign = country is not None and bool(owners & _known_countries())
            if own or not foreign:
                found.add(span.label_)
        return next(iter(found)) if len(found) == 1 else None

    def _police_of(self, span: Span, label: str, on: date | None,
                   spans: Sequence[Span] = ()) -> str | None:
        """ "Kenyan police", "Afghan National Police": a police phrase resolved to a
        country's military is that country's police (ACLED codes them apart); so is the
        first demonym of "Kenyan and Ugandan police"."""
        words = tuple(t.lower_ for t in span)
        doc = span.doc
        if len(span) == 1 and span[0].lower_ in _demonyms() and span.end + 1 < len(doc) \
                and doc[span.end].lower_ == "and":  # not "KDF and Kenyan police"
            partner = next((s for s in spans if s.start == span.end + 1), None)
            if partner is not None:
                words += tuple(t.lower_ for t in partner[1:])
        if label.startswith("Police Forces") or not any(
                words[-len(p):] == p for p in self._police_phrases):
            return None
        reg = self.registry
        countries = reg._countries.get(label, ())
        try:
            state = reg.inter(label, on) == STATE_INTER
        except KeyError:
            return None
        # a state's forces coded as foreign (8) where they fight abroad are its forces too
        if not (state or STATE_NAME.match(label)) or len(countries) != 1:
            return None
        return reg.police_forces(countries[0].title(), on)

    @staticmethod
    def _country_tokens(doc: Doc) -> dict[int, str]:
        """Token index -> country, for place spans that name a whole country, and
        (negative keys) for other places: "Garissa police" are Kenya's police."""
        out: dict[int, str] = {}
        for span in doc.spans.get("places", []):
            place = span._.get("place") if Span.has_extension("place") else None
            if place is None or not place.country:
                continue
            sign = 1 if place.feature == "country" else -1
            out.update({sign * (i + 1): place.country for i in range(span.start, span.end)})
        return out

    def _unit_named(self, words: Span) -> bool:
        """A police unit phrase written as the unit's proper name: its capitalised words
        are the unit's name of ``police_units`` or its initials ("General Service Unit",
        "GSU"), any lowercase words after them ("GSU officers"); "Rangers" is no name."""
        unit = self.registry.police_units.get(" ".join(t.lower_ for t in words))
        if not unit:
            return False
        caps = 0
        while caps < len(words) and not words[caps].is_lower:
            caps += 1
        if caps == 0 or any(not t.is_lower for t in words[caps:]):
            return False
        named = " ".join(t.text for t in words[:caps])
        return named == unit or (len(unit.split()) > 1
                                 and named == "".join(w[0] for w in unit.split()).upper())

    def _phrase_ok(self, doc: Doc, start: int, end: int, police: bool = False) -> bool:
        """Lowercase common nouns only ("the army", not "Arakan Army" or a headline
        "Army"), and a bare "army"/"military" only as a noun after a determiner. The
        police may be capitalised after a lowercase word ("clashed with Police", "arrested
        by Gendarmes"): a coder's spelling, no name (a name's word before it is no
        lowercase one: "Kenya Police", "National Police")."""
        words = doc[start:end]
        if police and self._unit_named(words):
            return True  # "GSU officers", "the General Service Unit": the unit's own name
        if any(not t.is_lower for t in words[1:]):
            return False
        capitalised = police and words[0].is_title and start > 0 and (
            doc[start - 1].is_lower or _national_name(doc, start, end))
        if not words[0].is_lower and not (words[0].is_sent_start and words[0].is_title) \
                and not capitalised:
            return False
        if end - start == 1 and words[0].lower_ in self.registry.bare_state_force_nouns:
            after = doc[end] if end < len(doc) else None
            if after is not None and (after.lower_ in self.registry.state_force_assets
                                      or after.lower_ in self.registry.state_force_craft):
                return True  # "an (armoured) army vehicle", "a military base": the force's
            before = doc[start - 1].lower_ if start else ""
            owned = start > 0 and doc[start - 1].text[:1].isupper() and before in _demonyms()
            if before not in ARTICLES and before not in _POSSESSIVE and not owned:
                return False  # "the army", "Sudan's army", "the Beninese army"
            if after is not None and (after.pos_ in {"NOUN", "PROPN", "ADJ"} or after.text == "-"):
                return False  # "the military junta", "the army chief"; not "an army post"
        return True

    def _owner(self, doc: Doc, start: int, country_at: dict[int, str],
               police: bool = False) -> str | bool | None:
        """Who the phrase belongs to: a country named before it, ``None`` (the
        document's country) or ``False`` (someone else: "anti-government forces",
        "foreign troops", "Kachin army"). A place before a police phrase names the
        police of its country ("Garissa police")."""
        if start == 0:
            return None
        before = doc[start - 1]
        if (before.text == "-" and not before.whitespace_) or (
                before.lower_ in self.registry.state_force_blockers):
            return False  # "anti-government forces"; not a dash between clauses: " - police"
        if before.lower_ in _POSSESSIVE and start > 1:
            owner = doc[start - 2]
            if owner.i + 1 in country_at:
                return country_at[owner.i + 1]
            if police and -(owner.i + 1) in country_at:
                return country_at[-(owner.i + 1)]
            return False if owner.text[:1].isupper() else None
        if before.i + 1 in country_at:
            return country_at[before.i + 1]
        pair = f"{doc[start - 2].lower_} {before.lower_}" if start > 1 else ""
        demonym = _demonyms().get(pair) or _demonyms().get(before.lower_)
        if demonym and before.text[:1].isupper():
            return demonym  # "Beninese soldiers", "the Burkinabe air force"
        if police and -(before.i + 1) in country_at:
            return country_at[-(before.i + 1)]
        if before.text[:1].isupper() and before.lower_ not in ARTICLES:
            # a name before the phrase ("Kachin army", "AU troops") is someone
            # else's; a capitalised first word of a sentence ("Two soldiers") is not
            ordinary = before.is_sent_start and before.pos_ != "PROPN" and not before.ent_type_
            return None if ordinary or before.like_num else False
        return None


def _national_name(doc: Doc, start: int, end: int) -> bool:
    """ "Kenya Police", "the Nigerian Police": a capitalised police word right after a
    country's name or demonym, ending the name, is that country's police service."""
    before = doc[start - 1]
    if end < len(doc) and doc[end].is_title:
        return False  # a longer name: "Kenya Police Reserve"
    return before.text[:1].isupper() and (
        before.lower_ in _demonyms() or _country_key(before.text) in _known_countries())


def _speaker_force(doc: Doc, start: int, spans: Sequence[Span], kind: re.Pattern[str]) -> str:
    """The state force (or police) that says what a bare force phrase is in: its own
    ("the Israeli military said eight soldiers were killed in Lebanon": Israel's soldiers,
    not Lebanon's, as "its soldiers" would be)."""
    tok = doc[start]
    for _ in range(6):
        if tok.dep_ == "ccomp":
            subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subject is None:
                return ""
            return next((s.label_ for s in spans if s.start <= subject.i < s.end
                         and s._.actor_kind == "actor" and kind.match(s.label_)), "")
        if tok.head.i == tok.i or tok.dep_ in {"relcl", "advcl", "conj"}:
            return ""
        tok = tok.head
    return ""


@Language.factory(
    "sitrep_state_forces",
    requires=["doc.spans"],
    assigns=["doc.spans"],
    default_config={"actor_files": []},
)
def make_state_force_resolver(
    nlp: Language, name: str, actor_files: list[str]
) -> StateForceResolver:
    """Factory for ``nlp.add_pipe("sitrep_state_forces", after="sitrep_places")``."""
    return StateForceResolver(nlp, name, actor_files)
