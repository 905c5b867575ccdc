"""The ``sitrep_places`` spaCy component: find place mentions, resolve them against the
gazetteer and set ``doc.spans["places"]`` (each span's ``span._.place`` is a
:class:`~sitrep.records.Place`) and ``doc.spans["unplaced"]`` (named localities the
gazetteer lacks).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml
from sitrep.nlp.geo.entry import AF_ISO, AF_NAME, BIG_CITY
from sitrep.nlp.geo.gazetteer import _FAMOUS_CITY, Gazetteer, _plain, cached_gazetteer
from sitrep.nlp.geo.normalize import (
    _ACRONYM,
    CONNECTORS,
    _cues,
    _english_stop_words,
    _facility_words,
    _key,
    _locative_words,
    _of_nouns,
    _road_words,
    fold,
    split_feature,
)
from sitrep.nlp.keys import DECLARED_COUNTRY
from sitrep.nlp.syntax import text_of
from sitrep.records import Place

Span.set_extension("place", default=None, force=True)

_ENT_LABELS = {"GPE", "LOC", "FAC"}
_BLOCK_LABELS = {"PERSON", "ORG"}
_MAX_NAME_TOKENS = 6
_TOWN = 15_000  # a world town this big is named after a locative word when it is unique


class PlaceRecognizer:
    """spaCy component: find place mentions, resolve them, set ``doc.spans["places"]``."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        # "Indian-administered Kashmir", "a Nigerian soldier": a people's adjective is no
        # place ("Indian" is no near spelling of Indiana), unless a unit word follows it
        raw = [(span, hint) for span, hint in self._candidates(doc)
               if _has_suffix_cue(span.text) or span.text.lower() not in _demonyms()]
        first = [(span, hint, self._resolve(span, hint, ())) for span, hint in raw]
        if not _AFGHAN.search(doc.text) and not any(
                p is not None and p.iso == AF_ISO and p.score >= 100 for _, _, p in first):
            # a near spelling of an Afghan district or village in a text with no other
            # sign of Afghanistan is a place elsewhere the gazetteer lacks ("Zourma")
            first = [(span, hint, p) for span, hint, p in first if p is None
                     or p.iso != AF_ISO or p.score >= 100
                     or (p.feature == "province" and p.score >= _FAR_PROVINCE_SCORE)]
        # "clashes between Jimo and Agoro clans": a name the actor tagger took whole for a
        # group is that group, not a town abroad named alike
        groups = {(a.start, a.end) for a in doc.spans.get("actors", [])}
        first = [(span, hint, None if p is not None and p.iso != AF_ISO
                  and p.feature not in {"country", "region"}
                  and (span.start, span.end) in groups else p)
                 for span, hint, p in first]
        weak = doc.user_data.pop("sitrep_slot_towns", set())
        if weak:
            # a town taken only because no namesake abroad is as big (or in a place's slot)
            # lies in a country the document's actors, demonyms or countries point to
            theatre = self._theatre(doc, [p for span, _, p in first if p is not None
                                          and span.start not in weak])
            if theatre:
                first = [(span, hint, None if p is not None and span.start in weak
                          and p.iso != AF_ISO and p.country not in theatre else p)
                         for span, hint, p in first]
        # "near the Mali border" names a neighbour, not the country the report is about
        named = [p for span, _, p in first if p is not None and not _border(span)
                 and span.start not in weak]
        countries = focus_countries(named) or _sole_country(named)
        theatre = self._actor_theatre(doc)
        if countries and theatre and not set(countries) & theatre:
            # "JNIM militants attacked the village of X", X also a hamlet abroad: a place
            # named like the village, in a country none of the document's armed actors is in
            first = [(span, hint, None if p is not None and p.iso != AF_ISO
                      and p.country not in theatre and p.feature not in {"country", "region"}
                      and not self._big_city(p) else p) for span, hint, p in first]
            named = [p for span, _, p in first if p is not None and not _border(span)
                     and span.start not in weak]
            countries = focus_countries(named) or _sole_country(named)
        afghan = any(p.iso == AF_ISO and p.feature != "village" for p in named)
        unique = doc.user_data.pop("sitrep_unique_towns", set())
        if afghan and unique:
            first = [(span, hint, p) for span, hint, p in first if span.start not in unique
                     or p is None or p.iso == AF_ISO]
        qualified = [] if afghan else self._qualified_heads(doc, countries)
        if qualified:
            # "Materi (Materi, Atacora)", "San Felix, Bolivar state": the named unit gives
            # the country, places the head and is no place of its own
            covered = {i for q in qualified for i in range(q.head.start, q.end)}
            first = [(span, hint, p) for span, hint, p in first
                     if not covered & set(range(span.start, span.end))]
            if not countries:
                countries = list(dict.fromkeys(q.place.country for q in qualified))
        if not countries and not afghan and not any(
                p is not None and p.iso == AF_ISO for _, _, p in first):
            # a short note naming no country ("Residents of Tchaourou barricaded ..."): the
            # country its clues agree on, so its small towns are found there
            countries = self._clue_countries(doc)
            declared = doc.user_data.get(DECLARED_COUNTRY) or ""
            if not countries and declared and declared != AF_NAME:
                countries = [declared]  # the country the build says its reports are about
            if countries:
                qualified = self._qualified_heads(doc, countries)
                covered = {i for q in qualified for i in range(q.head.start, q.end)}
                first = [(span, hint, p) for span, hint, p in first
                         if not covered & set(range(span.start, span.end))]
        if not countries and weak and not afghan:
            # no other clue: the weak towns tell the country as any town does
            countries = _sole_country(p for span, _, p in first
                                      if p is not None and not _border(span))
        if countries:
            # a report about another country: an Afghan village name there is a person's
            # or a word's spelling ("Ismael"), never the report's focus
            first = [(span, hint, p) for span, hint, p in first
                     if p is None or p.iso != AF_ISO or p.feature != "village"]
        focus = focus_provinces(p for _, _, p in first if p is not None)
        if countries and AF_NAME not in countries:
            focus = []
        spans: list[Span] = []
        for span, hint, place in first:
            if place is None and countries and not afghan and not self._in_actor(span):
                # a name nothing matched alone may be a small place or unit of the
                # document's country ("Lamu County" once the note is known to be on Kenya)
                place = self._resolve(span, hint, focus, countries)
                if place is not None and (place.country not in countries
                                          or place.score < _RETRY_SCORE):
                    place = None  # only placed by another name of its sentence: that one
            if place is None:
                continue
            if (focus and place.iso == AF_ISO) or countries:
                place = self._resolve(span, hint, focus, countries) or place
            if (countries and place.feature == "city" and place.country not in countries
                    and (_key(place.matched) != _key(split_feature(span.text)[0])
                         or not self._big_city(place))):
                continue  # a spelling of, or a small town abroad, in a report about elsewhere
            span = Span(doc, span.start, span.end, label=place.feature)
            span._.place = place
            spans.append(span)
        for q in qualified:
            span = Span(doc, q.head.start, q.head.end, label=q.place.feature)
            span._.place = q.place
            spans.append(span)
        spans.sort(key=lambda s: s.start)
        spans += self._capitals(doc, spans, countries)
        spans.sort(key=lambda s: s.start)
        if countries:
            parts = {i for q in qualified for i in range(q.head.end, q.end)}
            spans.extend(s for s in self._local_towns(doc, spans, countries)
                         if not parts & set(range(s.start, s.end)))
            spans.sort(key=lambda s: s.start)
        spans, doubtful = _drop_contradicted(spans)
        sources: set[int] | None = None  # where the document's source actors end
        if any(s._.place.feature == "country" for s in spans):
            sources = {a.end for a in doc.spans.get("actors", []) if a._.actor_kind == "source"}
        spans = [s for s in spans if not _branch_of(s, sources or set())]
        doc.spans["places"] = _fold_qualifiers(spans)
        # "the village of Kaftarkhaneh": a named place the gazetteer lacks; the event
        # stage locates it by its surroundings
        doc.spans["unplaced"] = [span for span, hint, place in first
                                 if (place is None or span.start in doubtful)
                                 and hint in _LOCALITY_HINTS]
        doc.user_data["sitrep_focus"] = tuple(focus)
        return doc

    def _qualified_heads(self, doc: Doc, countries: Sequence[str]) -> list[_Qualified]:
        """Names followed by the admin units that hold them, outside Afghanistan (its
        qualifiers are folded by :func:`_fold_qualifiers`): "Kacham (Tin-Akoff, Oudalan)",
        "Sabon Gari, Damboa LGA", "San Felix, Bolivar state". The units decide the country
        (the one most parts name; a tie goes to the country the head or the document is
        in) and the head is resolved there, inside the units; a head the gazetteer lacks
        is coded to the most specific unit under its own name."""
        gaz = self.gazetteer
        out: list[_Qualified] = []
        taken: set[int] = set()
        for m in itertools.chain(_PAREN_QUAL.finditer(doc.text), _COMMA_QUAL.finditer(doc.text),
                                 _IN_QUAL.finditer(doc.text)):
            head = _head_span(doc, m.start(1), m.end(1))
            qual = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
            if head is None or qual is None or taken & set(range(head.start, qual.end)) \
                    or head[-1].lower_ in _facility_words():
                continue  # "X University (Kiambu county)": an institution, no locality
            parts = [x.strip() for x in _PART_SEP.split(m.group(2)) if x.strip()]
            if not 1 <= len(parts) <= 3 or not all(_QUAL_PART.fullmatch(x) for x in parts):
                continue
            paren = m.re is _PAREN_QUAL
            country = self._qualifier_country(head.text, parts, countries, paren)
            if country is None:
                continue
            context = _context(head)
            place = gaz.resolve(head.text, context, focus_countries=[country])
            if place is None or place.country != country:
                # the units name the country: a namesake abroad is not meant ("Soka")
                place = gaz._qualified(head.text, context, [country])
            if place is None or place.country != country:
                continue
            end = qual.end + (1 if paren and qual.end < len(doc) and doc[qual.end].text == ")"
                              else 0)
            if not paren and not _within_units(place, parts, gaz):
                end = head.end  # "Kassala, Gedaref": a list, each its own place
            out.append(_Qualified(head, end, place))
            taken.update(range(head.start, end))
        return out

    def _clue_countries(self, doc: Doc) -> list[str]:
        """The one country a text that names none is about, by its clues: a demonym before
        a national noun ("Burkinabe soldiers"), an actor that operates in one country
        only, and names in a place's slot (after a locative or cue word, or tagged as a
        place) that only one country has a place or admin unit of ("in Niangoloko").
        Empty unless one country has more clues than any other."""
        from sitrep.nlp.actors.registry import load_registry

        reg = load_registry(())
        votes: Counter[str] = Counter()
        nouns = reg.national_nouns | {w for p in reg.state_force_phrases for w in p.split()}
        demonyms = _demonyms()
        for tok in doc:
            country = demonyms.get(tok.lower_) if tok.text[:1].isupper() else None
            if country is None or country == AF_NAME:
                continue
            after = [t.lower_ for t in doc[tok.i + 1:tok.i + 3] if t.is_alpha]
            if tok.head.lower_ in nouns or any(w in nouns for w in after):
                votes[country] += 1
        names = self.gazetteer._country_keys
        theatre: set[str] = set()  # every country the document's armed actors operate in
        places = [e for e in doc.ents if e.label_ in _ENT_LABELS]
        for span in doc.spans.get("actors", []):
            if any(e.start <= span.start and span.end <= e.end and len(e) > len(span)
                   for e in places):
                continue  # "Goita" of the place "Gaik Goita" is no actor
            where = {names.get(fold(k), k.title()) for k in reg.operates_in(span.label_)}
            theatre |= where
            if len(where) == 1:
                (country,) = where
                if country != AF_NAME:
                    votes[country] += 1
        blocked = [e for e in doc.ents if e.label_ in _BLOCK_LABELS]
        seen: set[str] = set()
        for start, end in _name_runs(doc):
            last = end - 1 if end - start > 1 and _UNIT_WORD.fullmatch(doc[end - 1].text) \
                else end if end < len(doc) and _UNIT_WORD.fullmatch(doc[end].text) else None
            if last is not None and last - start <= 3:
                # "in Lamu County", "Soum province": an admin unit of one country
                units = {e.country for e in self.gazetteer.units_named(
                    f"{doc[start:last].text} {doc[last].text}") if e.country != AF_NAME}
                if len(units) == 1 and (not theatre or units <= theatre):
                    votes[units.pop()] += 1
                    seen.add(_key(doc[start:last].text))
                    continue
            i = start
            while i < end:
                j = next((b for b in range(min(end, i + 3), i, -1)
                          if self._slot(doc[i:b], blocked)
                          and self.gazetteer.countries_named(_key(doc[i:b].text))), None)
                if j is None:
                    i += 1
                    continue
                key = _key(doc[i:j].text)
                where = self.gazetteer.countries_named(key)
                if theatre:  # "Yamba" names a town of one country the actors operate in
                    where = tuple(c for c in where if c in theatre)
                if len(where) == 1 and not _locative_before(doc[i:j]) and _facility_after(
                        doc[i:j]) and not any(_plain(e.name) == _plain(doc[i:j].text)
                                              for e in self.gazetteer.local(key, where)):
                    where = ()  # "X University": only a town spelled so ("Masinde")
                if len(where) == 1 and key not in seen \
                        and not self.gazetteer.lookup(key, world=False):
                    # a village's name is shared by some hamlet abroad more often than a
                    # town's: two small places must agree
                    big = any(e.feature != "city" or e.population >= _CLUE_TOWN
                              for e in self.gazetteer.local(key, where))
                    votes[where[0]] += 1.0 if big else 0.5
                seen.add(key)
                i = j
        ranked = votes.most_common(2)
        if not ranked or ranked[0][1] < 1 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return []
        return [ranked[0][0]]

    def _actor_theatre(self, doc: Doc) -> set[str]:
        """The countries the document's armed actors operate in (empty: unknown)."""
        from sitrep.nlp.actors.registry import load_registry

        reg = load_registry(())
        names = self.gazetteer._country_keys
        return {names.get(fold(k), k.title()) for span in doc.spans.get("actors", [])
                for k in reg.operates_in(span.label_)}

    def _theatre(self, doc: Doc, places: Sequence[Place]) -> set[str]:
        """Every country a document points to apart from its weak towns: the countries its
        actors operate in, its demonyms ("Somali residents") and its other places'."""
        out = {p.country for p in places} | self._actor_theatre(doc)
        demonyms = _demonyms()
        out |= {demonyms[t.lower_] for t in doc if t.text[:1].isupper() and t.lower_ in demonyms}
        return out

    def _capitals(self, doc: Doc, spans: Sequence[Span], countries: Sequence[str]
                  ) -> list[Span]:
        """"The capital", "Benin's economic capital", "the capital of Kenya": the capital
        (an "economic" one: the biggest city) of the country named with it, else of the
        one country the document is about; not when the capital's name follows ("the
        capital, Niamey": that name is the place) nor in "capital punishment"."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out: list[Span] = []
        for tok in doc:
            if tok.lower_ != "capital" or tok.pos_ != "NOUN" or tok.i in taken:
                continue
            nxt = doc[tok.i + 1:tok.i + 3]
            if nxt and (nxt[0].lower_ in _CAPITAL_NOT or nxt[0].text[:1].isupper() or (
                    nxt[0].text == "," and len(nxt) > 1 and nxt[1].text[:1].isupper())):
                continue
            start = tok.i - 1 if tok.i and doc[tok.i - 1].lower_ in _CAPITAL_KINDS else tok.i
            if not start or doc[start - 1].lower_ not in {"the", "'s", "’s", "its", "national"}:
                continue  # "a provincial capital", "regional capitals": not the nation's
            if start >= 3 and doc[start - 2].text == "," and any(
                    s.end == start - 2 and s._.place.feature != "country" for s in spans):
                continue  # "El Fasher, the capital of ...": the named place is meant
            owner = [s for s in spans if s._.place.feature == "country" and (
                s.end in {start - 1, start} or (
                    s.start == tok.i + 2 and doc[tok.i + 1].lower_ == "of"
                    # "the capital of Sudan's North Darfur state": a state's capital
                    and not (s.end < len(doc) and doc[s.end].lower_ in {"'s", "’s"})))]
            if not owner and nxt and nxt[0].lower_ == "of":
                continue  # "the capital of Porto-Novo": the named place is meant
            country = (owner[0]._.place.country if owner
                       else countries[0] if len(countries) == 1 else None)
            if country is None:
                continue
            economic = doc[start].lower_ in {"economic", "commercial"}
            entry = self.gazetteer.capital_of(country, economic)
            if entry is None:
                continue
            place = self.gazetteer._place(entry.name, entry, 100.0,
                                          f"the {'biggest city' if economic else 'capital'}"
                                          f" of {country}", None, False)
            span = Span(doc, start, tok.i + 1, label="city")
            span._.place = replace(place, name=entry.name)
            out.append(span)
        return out

    @staticmethod
    def _in_actor(span: Span) -> bool:
        """The span lies inside an actor's name ("Lamu County Council")."""
        return any(a.start <= span.start and span.end <= a.end and len(a) > len(span)
                   for a in span.doc.spans.get("actors", []))

    def _slot(self, span: Span, blocked: Sequence[Span]) -> bool:
        """A capitalised name in a place's slot: after a locative word, "of" ("residents
        of X") or a cue word, or tagged as a place; never part of a longer person's or
        organisation's name, nor a stop word or a common English word."""
        key = _key(span.text)
        if (len(key) < 4 or key.startswith("=") or key in self.gazetteer._stop
                or span.text.lower() in _english_stop_words() or _UNIT_WORD.fullmatch(span.text)
                or not (span[0].text[:1].isupper() and span[-1].text[:1].isupper())):
            return False
        if span.text.lower() in _demonyms():
            return False  # "near the Somali border": a people, not a place
        if span[0].lower_ in _NOT_NAMES and not (len(span) > 1 and any(
                _plain(e.name) == _plain(span.text) for e in self.gazetteer.local(
                    key, self.gazetteer.countries_named(key)))):
            return False  # "North Horr": spelled as a place is, not "North" + a name
        placed = _place_slot(span)
        if any(e.start < span.end and span.start < e.end
               and (e.label_ == "PERSON" or (e.start, e.end) != (span.start, span.end))
               and not (placed and e.label_ == "ORG" and _named_for_place(e, span))
               for e in blocked):
            return False  # part of a longer name; a name tagged alone may be mislabelled
        prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        return (placed or prev == "of" or _prefix_hint(span) is not None
                or any(e.label_ in _ENT_LABELS and e.start <= span.start and span.end <= e.end
                       for e in span.doc.ents))

    def _qualifier_country(self, head: str, parts: Sequence[str], countries: Sequence[str],
                           paren: bool) -> str | None:
        """The one country whose admin units the qualifier ``parts`` name (most parts), a
        tie broken by the country ``head`` is a place of, then by the document's
        ``countries``; None when no part is a unit, or a lone part without a unit word is
        only a second-level unit of a country the document is not about."""
        gaz = self.gazetteer
        votes: Counter[str] = Counter()
        level: dict[str, str] = {}
        regions: set[str] = set()  # countries of which a part names a first-level unit
        for part in parts:
            words = part.split()
            cue = words[-1].lower() if len(words) > 1 and _UNIT_WORD.fullmatch(words[-1]) \
                else None
            if any(e.feature in {"district", "province"}
                   for e in gaz.lookup(_key(split_feature(part)[0]), world=False)):
                return None  # an Afghan unit: the Afghan gazetteer's own qualifiers
            units = gaz.units_named(part)
            if not units and cue:  # "Damboa LGA": a unit named after its town
                core = " ".join(words[:-1])
                units = [e for e in gaz.lookup(_key(core), alternates=False, world_too=True)
                         if e.iso != AF_ISO and e.feature == "city"
                         and _plain(e.name) == _plain(core)]
            core = _plain(" ".join(words[:-1]) if cue else part)
            for c in dict.fromkeys(e.country for e in units):
                region = any(e.country == c and e.feature == "region" for e in units)
                # a unit spelled so counts more than one the folding makes alike ("Kain" is
                # no "Kayin"); the word a country uses for its first-level units ("Bolivar
                # state": Venezuela's, not Colombia's department) breaks a tie
                exact = any(e.country == c and _plain(e.name) == core for e in units)
                votes[c] += (1.0 if exact else 0.4) + (
                    0.5 if region and cue and cue in gaz.unit_words(c) else 0.0)
                if region or cue:
                    level[c] = "unit"
                if region:
                    regions.add(c)
        if not votes:
            return None
        top = max(votes.values())
        best = [c for c, n in votes.items() if n == top]
        if len(best) > 1:
            key = _key(split_feature(head)[0])
            best = ([c for c in best if gaz.local(key, [c])]
                    or [c for c in best if c in countries]
                    # "(Houeyogbe, Mono)": Benin's department Mono, not a US county
                    or [c for c in best if c in regions] or best)
        if len(best) != 1:
            return None
        country = best[0]
        if len(parts) == 1 and level.get(country) != "unit" and country not in countries:
            return None
        if not paren and country not in countries and top < len(parts):
            return None  # "Kismayo, Somalia's port" is no qualifier
        return country

    def _big_city(self, place: Place) -> bool:
        """A city big enough to be named in a report about another country, under its
        own name ("Sulu" is an old name of Surakarta, no city of a report on Sulu)."""
        if _key(place.matched) != _key(split_feature(place.name)[0]):
            return False
        return any(e.population >= BIG_CITY and e.country == place.country
                   for e in self.gazetteer.lookup(_key(place.matched), world_too=True))

    def _local_towns(self, doc: Doc, spans: Sequence[Span],
                     countries: Sequence[str]) -> list[Span]:
        """Small towns of the countries a document is about ("took Lalibela" in a report
        on Ethiopia): a town too small to trust alone is a place once its country is the
        document's subject. Exact own names only, never a fuzzy or alternate spelling."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out: list[Span] = []
        for span, _ in self._candidates(doc, countries):
            if taken & set(range(span.start, span.end)):
                continue
            key = _key(span.text)
            entry = next((self.gazetteer.towns_of(c)[key] for c in countries
                          if key in self.gazetteer.towns_of(c)), None)
            if entry is None:
                continue
            place = self.gazetteer._place(span.text, entry, 100.0,
                                          f"a town of {entry.country}, the report's country",
                                          None, False)
            new = Span(doc, span.start, span.end, label=place.feature)
            new._.place = place
            out.append(new)
            taken.update(range(span.start, span.end))
        return out

    def _resolve(self, span: Span, hint: str | None, focus: Sequence[str],
                 countries: Sequence[str] = ()) -> Place | None:
        name = f"{hint} of {span.text}" if hint and not _has_suffix_cue(span.text) else span.text
        prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        small_ok = (prev in _locative_words() or hint is not None
                    or (_has_suffix_cue(span.text) and split_feature(span.text)[1] == "city")
                    or _modified_locative(span))
        # a weaker slot ("between X", "X University", "the streets of X"): a town of
        # 15,000+ spelled as written, or a place of the document's countries
        weak = not small_ok and _place_slot(span)
        place = self.gazetteer.resolve(name, _context(span), focus=focus,
                                       focus_countries=countries,
                                       min_population=0 if small_ok else _TOWN if weak
                                       else BIG_CITY)
        if place is None and weak:
            # "a raid on the Jenin refugee camp": a region has no population to weigh
            place = self.gazetteer.resolve(name, _context(span), focus=focus,
                                           focus_countries=countries)
            if place is not None and place.feature != "region":
                place = None
        if (weak and place is not None and place.iso != AF_ISO and place.feature == "city"
                and place.country not in countries
                and _plain(place.matched) != _plain(split_feature(span.text)[0])):
            return None  # "Deou" is no "Diu" abroad
        return replace(place, name=span.text) if place is not None and name != span.text else place

    def _candidates(self, doc: Doc, countries: Sequence[str] = ()) -> list[tuple[Span, str | None]]:
        """Spans that may be places: NER places, cue-word names, exact gazetteer names
        (with ``countries``: only names of small towns in those countries)."""
        gaz = self.gazetteer
        found: list[Span] = []
        ents = doc.ents  # a Span per entity on every read: read once
        for ent in ents if not countries else ():
            if ent.label_ in _ENT_LABELS:
                span = _trim(ent)
                if span is not None and not gaz.is_stopword(span.text):
                    found.append(_extend_cue(span))
        # An entity with a comma inside is the model running a list together
        # ("Andarab, Puli Hisar" tagged ORG): it names no actor.
        blocked = [e for e in ents if e.label_ in _BLOCK_LABELS
                   and not any(t.text == "," for t in e)]
        demonyms = [e for e in ents if e.label_ == "NORP"]
        for start, end in _name_runs(doc):
            if not countries and _prefix_hint(doc[start:end]) is not None \
                    and end - start <= _MAX_NAME_TOKENS:
                found.append(doc[start:end])  # "the village of X": a place, known or not
                continue
            i = start
            while i < end:
                hit = None
                for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1):
                    span = _extend_cue(doc[i:j])
                    ok = (self._small_town(span, blocked, countries) if countries
                          else self._exact_ok(span, blocked))
                    if ok and not self._demonym(span, demonyms):
                        hit = span
                        break
                if hit is None:
                    i += 1
                else:
                    found.append(hit)
                    i = hit.end
        out = []
        for span in filter_spans(found):
            if not _proxy_of(span):
                out.append((span, _prefix_hint(span)))
        return out

    def _demonym(self, span: Span, demonyms: Sequence[Span]) -> bool:
        """Inside a NORP entity and not a country name ('Tajikistan' is often tagged NORP)."""
        if not any(d.start < span.end and span.start < d.end for d in demonyms) or (
                _has_suffix_cue(span.text)
                and split_feature(span.text)[1] in {"city", "province", "district"}):
            return False  # "Sindo town", "Ituri province": a place tagged as a people
        prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if prev in _PLACE_PREPOSITIONS and len(span) == 1 \
                and span.text.lower() not in _demonyms():
            return False  # "in Tenkodogo": a people is not where things happen
        key = _key(split_feature(span.text)[0])
        return not any(e.feature == "country" for e in self.gazetteer.lookup(key, world=False))

    def _small_town(self, span: Span, blocked: Sequence[Span], countries: Sequence[str]) -> bool:
        """A capitalised exact own name of a world town in one of ``countries``, not part
        of a person or organisation name and not an Afghan or common word."""
        if not (span[0].text[:1].isupper() and span[-1].text[:1].isupper()):
            return False
        key = _key(span.text)
        if (len(key) < 4 or key in self.gazetteer._stop or span.text.lower()
                in _english_stop_words() or self.gazetteer.lookup(key, world=False)):
            return False
        if not any(key in self.gazetteer.towns_of(c) for c in countries):
            return False
        # "Lalibela and Debre Tabor" tagged ORG is the model running a list together; a
        # town alone tagged as a person, in a place's slot, is the model mislabelling it
        slot = span.root.dep_ in {"pobj", "dobj", "conj", "appos", "nsubjpass"}
        placed = _place_slot(span)
        return not any(ent.start < span.end and span.start < ent.end
                       and not any(t.lower_ == "and" for t in ent)
                       and not (slot and ent.start == span.start and ent.end == span.end)
                       and not (placed and _named_for_place(ent, span))
                       for ent in blocked)

    def _exact_ok(self, span: Span, blocked: Sequence[Span]) -> bool:
        """An exact gazetteer name on capitalised tokens that is not part of an actor/person."""
        first, last = span[0], span[-1]
        if not (first.text[:1].isupper() and (last.text[:1].isupper() or _is_cue(last.text))):
            return False
        core, hint = split_feature(span.text)
        key = _key(core)
        if len(key) < 3 or key in self.gazetteer._stop:
            return False
        if core.lower() in _english_stop_words():
            return False
        entries = self.gazetteer.lookup(key, world=False)
        if not entries:
            prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if _prefix_hint(span) is not None or hint is not None:
                floor = 1  # 'the town of Gao', 'Gao city': the cue is the evidence
            else:
                floor = BIG_CITY if _place_slot(span) else _FAMOUS_CITY
            if floor == BIG_CITY and prev not in _locative_words() | _road_words() \
                    and _glued(span):
                return False  # "the area of Fili-Fili": part of a longer name
            world = self.gazetteer.lookup(key, alternates=False, min_population=floor)
            entries = [e for e in world if e.feature in {"city", "region"}]
            if not entries and (hint or "") in {"province", "district"}:
                units = self.gazetteer.units_named(span.text)  # "Oudalan province"
                entries = units if len({e.country for e in units}) == 1 else []
                if not entries and len(span) > 1 and _is_cue(span[-1].text):
                    # "the Amhara region": a region spelled one letter off
                    return bool(self.gazetteer.near_region(span.text, ()))
            if entries and floor == BIG_CITY and prev not in _locative_words():
                # taken in a place's slot that is no locative word ("X University"): as
                # weak as a unique town, and only a city spelled so ("Masinde" is no
                # "Masindi")
                entries = [e for e in entries if _plain(e.name) == _plain(core)]
                if entries:
                    span.doc.user_data.setdefault("sitrep_slot_towns", set()).add(span.start)
            if not entries and floor == BIG_CITY and len(span) <= 3:
                # "in Djibo": a town of 15,000+ spelled so, with no namesake abroad of that
                # size, after a locative word (dropped again in an Afghan text)
                towns = [e for e in self.gazetteer.lookup(key, alternates=False,
                                                          min_population=_TOWN)
                         if _plain(e.name) == _plain(core)]
                if len({e.country for e in towns}) == 1:
                    entries = towns
                    span.doc.user_data.setdefault("sitrep_unique_towns", set()).add(span.start)
                    if prev not in _locative_words():
                        span.doc.user_data.setdefault("sitrep_slot_towns", set()).add(
                            span.start)
        if not entries:
            return False
        strong = [e for e in entries if e.feature != "village"]
        if not strong:
            prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if not hint and not _place_slot(span) and _prefix_hint(span) is None:
                return False
        placed = _place_slot(span)
        for ent in blocked:
            if not (ent.start < span.end and span.start < ent.end):
                continue  # (checked first: _named_for_place is dear, and most don't overlap)
            if placed and _named_for_place(ent, span):
                continue  # "University of Eldoret", "Garissa police station" tagged ORG
            # A place name inside a longer person/organisation name is part of an actor;
            # an entity that is just this name was mislabelled by the model.
            inside = span.start <= ent.start and ent.end <= span.end
            if inside and any(e.feature == "country" for e in entries):
                continue  # "Burkina Faso" tagged as a person is still the country
            if not (inside and strong):
                return False
            if (ent.label_ == "PERSON" and len(ent) > 1 and not hint
                    and _prefix_hint(span) is None):
                # A whole PERSON entity that is also a district name ("the killing of
                # <Mohammad Agha>") is a place only after a locative word.
                prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
                if prev not in _locative_words() and not _in_place_list(span):
                    return False
        return True


def _demonyms() -> dict[str, str]:
    """Demonym (lower case) -> country: the actors' demonym table."""
    from sitrep.nlp.actors.state_forces import _demonyms as table

    return table()


_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "around", "into"})
_CAPITAL_KINDS = {"economic", "commercial", "political", "administrative"}
_CAPITAL_NOT = {"punishment", "gains", "gain", "market", "markets", "flight", "offence",
                "offense", "charges", "charge", "expenditure", "investment", "letters"}
_RETRY_SCORE = 90.0  # a name resolved only with the document's country: exact or qualified
_FAR_PROVINCE_SCORE = 80.0  # a near spelling of an Afghan province, in a text with no other sign
_CLUE_TOWN = 5_000  # a town this big alone tells the country of a note that names none
# words written capitalised in place names that are no name alone ("Mount Elgon")
_NOT_NAMES = frozenset({"mount", "lake", "river", "camp", "forest", "north", "south", "east",
                        "west", "central", "upper", "lower", "greater", "new", "old"})
_AREAS = {"province", "region", "country"}
_AFGHAN = re.compile(r"\bAfghan", re.IGNORECASE)


@dataclass(frozen=True)
class _Qualified:
    """A name placed by the units written after it; ``end`` closes its qualifier."""

    head: Span
    end: int
    place: Place


_NAME_WORD = r"[A-Z][\w'’.]*(?:-[\w'’.]+)*"
_NAME_RE = rf"{_NAME_WORD}(?: (?:(?:de|du|des|el|al|la|le|di) )?{_NAME_WORD}){{0,3}}"
_UNIT_RE = (r"(?:state|county|province|region|department|district|LGA|local government area|"
            r"governorate|prefecture|division|municipality|sub-county|commune|oblast|raion|"
            r"rayon|zone|woreda|township|cercle|arrondissement)")
_UNIT_WORD = re.compile(_UNIT_RE, re.IGNORECASE)
# "Kotulo ward (Wajir)": a lower-case locality word may stand between a name and its units
_LOCALITY_RE = (r"(?:ward|location|sub-location|village|town|area|locality|division|"
                r"subdivision|constituency|sub-county)")
_PAREN_QUAL = re.compile(rf"(?<![\w-])({_NAME_RE})(?: {_LOCALITY_RE})? ?\(({_NAME_RE}"
                         rf"(?: {_UNIT_RE})?(?:, {_NAME_RE}(?: {_UNIT_RE})?){{0,2}})\)")
_COMMA_QUAL = re.compile(rf"(?<![\w-])({_NAME_RE}), ({_NAME_RE}(?: {_UNIT_RE})?"
                         rf"(?:, {_NAME_RE} {_UNIT_RE})?)"
                         r"(?=\s*[,.;:)]|\s+(?:and|in|on|near|of|where|after|when)\b|\s*$)")
# "Kankara village in Kankara LGA of Katsina state": the unit word is required
_IN_QUAL = re.compile(rf"(?<![\w-])({_NAME_RE})(?: (?:village|town|community|settlement|"
                      rf"locality|hamlet|area))?,? (?:in|of|within) (?:the )?({_NAME_RE} "
                      rf"{_UNIT_RE}(?:(?:,| of| in) (?:the )?{_NAME_RE} {_UNIT_RE})?)")
_PART_SEP = re.compile(r",|\s+(?:of|in)\s+(?:the\s+)?")
_QUAL_PART = re.compile(rf"{_NAME_RE}(?: {_UNIT_RE})?")


BORDER_WORDS = frozenset({"border", "borders", "frontier"})


def named_as_border(span: Span) -> bool:
    """A name right before a border word ("the Mali border", "Niger's border")."""
    return any(t.lower_ in BORDER_WORDS for t in span.doc[span.end:span.end + 2])


def _border(span: Span) -> bool:
    """A country named as a border ("the Mali border", "Niger's border")."""
    return span.label_ in {"", "country", "GPE"} and named_as_border(span)


def _head_span(doc: Doc, start: int, end: int) -> Span | None:
    """The place name of a qualified head: the capitalised run before the qualifier
    without leading words that are no name ("Residents", "On", "JNIM" is kept)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    i = span.start
    while i < span.end - 1 and (doc[i].is_stop or doc[i].pos_ not in {"PROPN", "X", ""}
                                or doc[i].ent_type_ in {"DATE", "TIME", "ORG", "NORP"}):
        i += 1
    head = doc[i:span.end]
    if head[0].is_stop or head.text.lower() in _english_stop_words():
        return None
    return head


def _within_units(place: Place, parts: Sequence[str], gaz: Gazetteer) -> bool:
    """``place`` lies in a unit one of the qualifier ``parts`` names."""
    for part in parts:
        for e in gaz.units_named(part):
            if e.country == place.country and e.name in {place.admin1, place.admin2}:
                return True
    return False


def _drop_contradicted(spans: list[Span]) -> tuple[list[Span], set[int]]:
    """Drop a village matched only by a near spelling when its sentence names a district
    or province elsewhere ("the village of Dargakhel in Tagab district" is no Darakhel
    in Helmand); returns the kept spans and the starts of the dropped ones."""
    dropped: set[int] = set()
    for span in spans:
        place: Place = span._.place
        if place.feature != "village" or place.score >= 100:
            continue
        sent = span.sent
        areas = [o._.place for o in spans if o is not span and o._.place.iso == place.iso
                 and o._.place.feature in {"district", "province"}
                 and sent.start <= o.start < sent.end]
        if areas and not any(a.admin1 == place.admin1 for a in areas):
            dropped.add(span.start)
    return [s for s in spans if s.start not in dropped], dropped
_LOCALITY_HINTS = {"village", "town", "city"}


def _fold_qualifiers(spans: list[Span]) -> list[Span]:
    """Fold "Town, Province" into one place: the province qualifies the town before it
    and is no separate place. A town the gazetteer only knows abroad ("Sanjan, Kapisa")
    is a locality of that province, coded to the province at precision 2."""
    out: list[Span] = []
    skip = -1
    for i, span in enumerate(spans):
        if i == skip:
            continue
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        place: Place = span._.place
        if (nxt is None or place.feature in _AREAS or nxt._.place.feature not in _AREAS
                or _joiner(span, nxt) is None):
            out.append(span)
            continue
        area: Place = nxt._.place
        inside = (place.admin1 == area.admin1 if area.feature != "country"
                  else place.country == area.country)
        said_in = _joiner(span, nxt) == "in"
        if not inside and place.feature == "city" and (
                (area.feature == "province" and (place.iso != area.iso or _pair_alone(span, nxt)))
                or (said_in and area.feature == "region")):
            # a namesake elsewhere: "Pauktaw in Rakhine state" is a locality of Rakhine
            # (not "Washington, New York, Miami": a list)
            new = Span(span.doc, span.start, span.end, label="village")
            new._.place = replace(area, name=span.text, feature="village",
                                  geo_precision=2, reason=f"a locality of {area.name}")
            span, inside = new, True
        out.append(span)
        if inside:
            skip = i + 1
    return out


def _branch_of(span: Span, sources: set[int]) -> bool:
    """"according to Amnesty International Kenya": a country name right after a named
    organisation (a source or an ORG entity) names its branch, not where things happen.
    ``sources``: the token indices where the document's source actors end."""
    if span._.place.feature != "country" or span.start == 0:
        return False
    doc = span.doc
    prev = doc[span.start - 1]
    if prev.ent_type_ == "ORG" and prev.ent_iob_ in {"B", "I"} and not prev.is_punct:
        return True
    return span.start in sources


def _pair_alone(span: Span, area: Span) -> bool:
    """"Town, Province" stands alone, not inside a list of places ("Kunduz, Baghlan and
    Takhar"): no comma or "and" before the town, nor after the province."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    after = doc[area.end] if area.end < len(doc) else None
    listed = {",", "and", "or", "&"}
    return not ((before is not None and before.lower_ in listed)
                or (after is not None and after.lower_ in listed
                    and area.end + 1 < len(doc) and doc[area.end + 1].text[:1].isupper()))


def _joiner(span: Span, area: Span) -> str | None:
    """ "Town, Province" (",") or "the town of X in Y state" ("in"): the area right after
    the place names the unit it lies in; None when it does not."""
    between = span.doc[span.end:area.start]
    if len(between) == 2 and (_is_cue(between[0].text) or _UNIT_WORD.fullmatch(between[0].text)):
        between = between[1:]  # "Kani township in Sagaing region"
    return between.text if between.text in {",", "in"} else None


_PLURAL_CUES = {"districts", "provinces", "villages", "towns", "cities", "regions", "valleys"}


def _in_place_list(span: Span) -> bool:
    """The name is a member of a list that a plural cue closes ("A, B and C districts")."""
    doc = span.doc
    before = doc[max(0, span.start - 2) : span.start]
    if before and before[-1].lower_ == "and" and len(before) > 1 and before[0].text == ",":
        before = before[:1]  # the serial comma: "A, B, and C"
    if len(before) and before[-1].text in {",", "and"} and span.start >= 2:
        prev_name = doc[before[-1].i - 1]
        if prev_name.text[:1].isupper() and prev_name.ent_type_ in {"GPE", "LOC", "FAC", ""}:
            return True  # the last of a list of places
    for tok in doc[span.end : span.end + 10]:
        if tok.lower_ in _PLURAL_CUES:
            return True
        if not (tok.text in {",", "and", "-"} or tok.text[:1].isupper()):
            return False
    return False


def _is_cue(word: str) -> bool:
    suffix, _ = _cues()
    return word.lower() in suffix


def _has_suffix_cue(text: str) -> bool:
    return split_feature(text)[1] is not None and split_feature(text)[0] != text


def _trim(span: Span) -> Span | None:
    """Drop a leading determiner and edge punctuation or possessive ('the X Valley's')."""
    start, end, doc = span.start, span.end, span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return doc[start:end] if start < end else None


def _extend_cue(span: Span) -> Span:
    """Include a following cue word: 'Andarab' + 'district' -> 'Andarab district'."""
    doc = span.doc
    suffix, _ = _cues()
    if split_feature(span.text)[1] is not None and len(span) > 1 and _is_cue(span[-1].text):
        return span
    for n in (2, 1):
        end = span.end + n
        if end <= len(doc) and doc[span.end:end].text.lower() in suffix:
            if all(t.is_alpha for t in doc[span.end:end]):
                return doc[span.start:end]
    return span


def _prefix_hint(span: Span) -> str | None:
    """'village of X' / 'district of X' -> the hint, read from the tokens before X."""
    _, prefix = _cues()
    doc = span.doc
    for n in (2, 3):
        if span.start - n >= 0:
            words = doc[span.start - n:span.start].text.lower()
            if words.endswith(" the"):
                words = words[:-4]
            if words in prefix:
                return prefix[words]
    return None


def _locative_before(span: Span) -> bool:
    """A word that announces a place right before the name, a "the" between allowed: a
    locative word ("in the Kaya area"), a road word ("on the axis Kaya-Djibo", "between
    X and Y") or "of" after a noun whose "of" names a place (:func:`_of_slot`)."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 0 or span.text.lower() in _facility_words() or span.text.lower() in _of_nouns():
        return False  # "at the University of X": the institution is no place
    return doc[i].lower_ in _locative_words() or _road_slot(span) or _of_slot(span)


_MODIFIER_TAGS = frozenset({"JJ", "VBN"})


def _modified_locative(span: Span) -> bool:
    """ "in the occupied West Bank", "in northern Rakhine": a locative word before the
    name, with "the" and up to two lower-case adjectives between."""
    doc = span.doc
    i, skipped = span.start - 1, 0
    while i >= 0 and skipped < 3 and doc[i].is_lower and (
            doc[i].lower_ == "the" or doc[i].tag_ in _MODIFIER_TAGS):
        i, skipped = i - 1, skipped + 1
    return (skipped > 0 and i >= 0 and doc[i].lower_ in _locative_words()
            and any(t.tag_ in _MODIFIER_TAGS for t in doc[i + 1:span.start]))


def _road_slot(span: Span) -> bool:
    """A road word right before the name ("on the axis X-Y", "between X and Y"), unless
    the names qualify a plural noun after them ("between the X and Y clans")."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ == "and":
        # the second town of "between X (Y) and Z"
        j = i - 1
        while j >= 0 and i - j <= 8 and (_is_name_token(doc[j]) or doc[j].text in _NAME_GLUE):
            j -= 1
        if j >= 0 and j < i - 1 and doc[j].lower_ == "between":
            i = j
    if i < 0 or doc[i].lower_ not in _road_words():
        return False
    for tok in doc[span.end:span.end + 8]:
        if _is_name_token(tok) or tok.lower_ in _NAME_GLUE or tok.lower_ in {"and", "the"}:
            continue
        return tok.tag_ != "NNS"
    return True


def _of_slot(span: Span) -> bool:
    """"of" after a noun whose "of" names a place: "the streets of X", "residents of X",
    "University of X" (a "the" between allowed)."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    nouns = _of_nouns()
    return doc[i - 1].lower_ in nouns or (
        i > 1 and f"{doc[i - 2].lower_} {doc[i - 1].lower_}" in nouns)


def _facility_after(span: Span) -> bool:
    """The name is the place of a thing or group named after it: "X University College",
    "X Dafra University", "X police station", "X Refugee Camp", "X residents" (up to two
    capitalised words before the facility word)."""
    doc = span.doc
    words = _facility_words()
    if span[-1].lower_ in words or span.text.lower() in words or any(
            t.pos_ in _FUNCTION_POS or t.lower_ in _COMMON_WORDS for t in span):
        return False  # "University" of "X University College", "Angry students"
    at = span.end
    for _ in range(3):
        for n in (2, 1):
            word = doc[at:at + n].text.lower() if at + n <= len(doc) else ""
            if word in words:
                # "Kikuyu residents": people are named after their people as well
                return words[word] != "group" or not (
                    any(t.ent_type_ == "NORP" for t in span)
                    or span.text.lower() in _demonyms())
        if at >= len(doc) or not (doc[at].is_alpha and doc[at].text[:1].isupper()):
            return False
        at += 1
    return False


def _named_for_place(ent: Span, span: Span) -> bool:
    """A person or organisation entity over a name in a place's slot names no actor of
    its own: an institution named after the place ("University of Eldoret", "Garissa
    police station", not "Orange House"), or the name alone mislabelled as a person."""
    if ent.label_ == "ORG":  # "Dori-Gorom-Gorom" after "the axis": the road's towns
        return _facility_after(span) or _of_slot(span) or _road_slot(span) or (
            ent.start, ent.end) == (span.start, span.end)
    return (ent.start, ent.end) == (span.start, span.end)


@functools.lru_cache(maxsize=1)
def _proxy_suffixes() -> frozenset[str]:
    """Words after "X-" that make X the backer, not the place ("Iran-backed rebels",
    "US-led coalition"): the actor files' proxy and aligned suffixes."""
    data = read_yaml(DATA_DIR / "actors" / "generic.yaml", what="generic actor words")
    return frozenset(w.lower() for key in ("proxy_suffixes", "aligned_suffixes")
                     for w in data.get(key, ())) - {"based"}  # "Nairobi-based": there


def _proxy_of(span: Span) -> bool:
    """ "Iran-backed rebels fired a missile": a name glued to a proxy word is no place."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text == "-"
            and not doc[span.end - 1].whitespace_
            and doc[span.end + 1].lower_ in _proxy_suffixes())


def _glued(span: Span) -> bool:
    """The name is joined by a hyphen without spaces to another word ("Fili-Fili")."""
    doc = span.doc
    after = span.end + 1 < len(doc) and doc[span.end].text == "-" and not (
        doc[span.end - 1].whitespace_ or doc[span.end].whitespace_)
    before = span.start > 1 and doc[span.start - 1].text == "-" and not (
        doc[span.start - 2].whitespace_ or doc[span.start - 1].whitespace_)
    return after or before


def _place_slot(span: Span) -> bool:
    """The name stands where a place is read: after a locative word or before a facility
    word (see :func:`_locative_before`, :func:`_facility_after`)."""
    return _locative_before(span) or _facility_after(span)


_FUNCTION_POS = frozenset({"AUX", "DET", "PRON", "ADP", "NUM", "CCONJ", "SCONJ"})
# English adjectives, adverbs and verbs (the model's lemmatizer tables, read by the
# factory): "Angry students" is no town's students
_COMMON_WORDS: set[str] = set()
_NAME_GLUE = frozenset({",", "-", "(", ")"})
_ELIDED_NAME = re.compile(r"[A-Z][^\W\d_]{0,2}['’][^\W\d_]{2,}")  # "N'Gourma", "N'Djamena"


def _is_name_token(tok: Token) -> bool:
    return ((tok.is_alpha and tok.text[:1].isupper()) or bool(_ACRONYM.match(tok.text))
            or bool(_ELIDED_NAME.fullmatch(tok.text)))


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by name connectors ('Pul-e-Khumri')."""
    runs = []
    i, n = 0, len(doc)
    while i < n:
        if not _is_name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_name_token(doc[j]):
                j += 1
                continue
            k = j
            while k < n and k - j < 3 and doc[k].lower_ in CONNECTORS:
                k += 1
            if j < k < n and _is_name_token(doc[k]):
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _context(span: Span) -> str:
    """The sentence of ``span`` (or a window of text around it without a parser)."""
    doc = span.doc
    if doc.has_annotation("SENT_START"):
        return span.sent.text
    start = max(0, span.start_char - 200)
    return text_of(doc)[start:span.end_char + 200]


def focus_provinces(places: Iterable[Place], top: int = 3) -> list[str]:
    """The Afghan provinces a document is mostly about: most often named, best first."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.iso == AF_ISO and p.admin1:
            counts[p.admin1] += 0.5 if p.feature == "village" else 1.0
    if not counts:
        return []
    best = counts.most_common(1)[0][1]
    return [name for name, c in counts.most_common(top) if c >= best / 2]


def focus_countries(places: Iterable[Place]) -> list[str]:
    """Countries other than Afghanistan that a document is mostly about: named at least
    twice and at least as often as Afghan places (empty for an Afghan document)."""
    counts: Counter[str] = Counter(p.country for p in places if p.feature != "village")
    floor = max(2, counts.get(AF_NAME, 0))
    return [c for c, n in counts.most_common() if c != AF_NAME and n >= floor]


def _sole_country(places: Iterable[Place]) -> list[str]:
    """The one country other than Afghanistan that all of a document's towns, regions and
    countries lie in (a short note naming "Parakou" and "Borgou" is about Benin); empty
    when any lies in Afghanistan or in a second country."""
    found = {p.country for p in places if p.feature != "village"}
    return sorted(found) if len(found) == 1 and AF_NAME not in found else []


def find_places(doc: Doc) -> list[Span]:
    """The place spans the ``sitrep_places`` component set on ``doc`` (empty if none)."""
    return list(doc.spans.get("places", []))


@Language.factory("sitrep_places", assigns=["doc.spans"], default_config={"data_dir": None})
def make_place_recognizer(nlp: Language, name: str, data_dir: str | None) -> PlaceRecognizer:
    """Factory for the ``sitrep_places`` pipeline component."""
    if not _COMMON_WORDS and "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            for pos in ("adj", "adv", "verb"):
                _COMMON_WORDS.update(w for w in index.get(pos, ()) if w.isalpha())
    return PlaceRecognizer(cached_gazetteer(str(data_dir) if data_dir else None))
