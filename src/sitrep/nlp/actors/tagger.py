"""The ``sitrep_actors`` spaCy component: mark actor, person and source mentions in
``doc.spans["actors"]`` (``span._.person``, ``span._.actor_kind``) from the registry's
aliases, generic forms ("anti-X fighters", "X's men") and the model's entities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from sitrep.nlp.actors.actor import ARTICLES, FORM, GENERIC, PATTERN, PLACE, AliasHit
from sitrep.nlp.actors.registry import identity_militia, load_registry

Span.set_extension("person", default="", force=True)
Span.set_extension("actor_kind", default="", force=True)
Span.set_extension("actor_mode", default="", force=True)  # how it matched (alias, generic...)


# capitalised words before "militia" or "clans" that name no people
_NOT_PEOPLES = frozenset({"local", "rival", "several", "many", "some", "other", "unknown",
                          "islamist", "jihadist", "vigilante", "government", "youth", "village",
                          "community", "self", "defence", "defense", "ethnic", "tribal",
                          "pro", "anti", "militia", "the", "two", "three", "both", "all",
                          "cattle", "bandit", "bandits", "armed", "criminal", "clan", "police",
                          "army", "border", "opposition", "party", "student", "militant",
                          "gang", "herder", "farmer", "youths", "state", "private", "hired",
                          "lone", "motorcycle", "motorbike", "motorcycles", "motorbikes",
                          "masked", "rebel", "rebels", "islamic", "jihadi", "terrorist"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    label: str
    person: str
    kind: str
    priority: int
    mode: str = ""


class ActorTagger:
    """spaCy component: mark actor, person and source mentions in ``doc.spans["actors"]``."""

    _NER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

    def __init__(self, nlp: Language, name: str, actor_files: Iterable[str]) -> None:
        self.name = name
        self.registry = load_registry(tuple(str(p) for p in actor_files))
        reg = self.registry
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms = Matcher(nlp.vocab)
        self.custom = Matcher(nlp.vocab)
        self._targets: dict[str, tuple[str, str, str, str]] = {}
        grouped: dict[tuple[str, str], list[str]] = {}
        for p in reg.patterns():
            if p["type"] == "token":
                self.custom.add(f"sitrep_actor_token|{p['label']}", [p["pattern"]])
                continue
            key = f"sitrep_actor|{p['attr']}|{p['label']}|{p['person']}|{p['mode']}"
            self._targets[key] = (p["label"], p["person"], p["kind"], p["mode"])
            grouped.setdefault((key, p["attr"]), []).append(p["pattern"])
        for (key, attr), texts in grouped.items():
            matcher = self.lower if attr == "LOWER" else self.orth
            matcher.add(key, [nlp.make_doc(t) for t in texts])
        groups = sorted(w for w in reg.group_nouns if " " not in w)
        def x() -> dict[str, Any]:
            return {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{1,4}"}

        def group() -> dict[str, Any]:
            return {"LOWER": {"IN": groups}}

        prefixes = sorted(reg.negating_prefixes | reg.pro_prefixes)
        self.forms.add(
            "sitrep_form",
            [
                [{"LOWER": {"IN": prefixes}}, {"ORTH": "-"}, x(), {**group(), "OP": "?"}],
                [x(), {"ORTH": "-"}, {"LOWER": {"IN": sorted(reg.aligned_suffixes)}}, group()],
                [x(), {"LOWER": {"IN": ["'s", "’s", "'"]}}, group()],
                [x(), group()],
                *([group(), *({"LOWER": w} for w in link.split()), x()]
                  for link in sorted(reg.allegiance_links)),
            ],
        )

        self.identity = Matcher(nlp.vocab)
        # spaCy tags an unknown capitalised word at a sentence's start as a noun
        name = {"IS_TITLE": True, "IS_ALPHA": True, "POS": {"IN": ["PROPN", "NOUN"]}}
        nouns = [nlp.make_doc(n) for n in sorted(reg.identity_nouns)]
        plural = [nlp.make_doc(n) for n in sorted(reg.identity_plural_nouns)]
        for noun in nouns:
            tail = [{"LOWER": t.lower_} for t in noun]
            self.identity.add("sitrep_identity", [[name, *tail]])
            self.identity.add("sitrep_identity_pair", [[name, {"LOWER": "and"}, name, *tail]])
        for noun in plural:
            tail = [{"LOWER": t.lower_} for t in noun]
            self.identity.add("sitrep_identity_pair", [[name, {"LOWER": "and"}, name, *tail]])
        # "armed Fulani": a people named as armed is its identity militia
        self.identity.add("sitrep_identity_armed", [[{"LOWER": "armed"}, name]])

    def __call__(self, doc: Doc) -> Doc:
        reg = self.registry
        cands: list[_Candidate] = list(self._identity_groups(doc))
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                label, person, kind, mode = self._targets[doc.vocab.strings[match_id]]
                if self._acceptable(doc, start, end, mode):
                    cands.append(_Candidate(start, end, label, person, kind, 0, mode))
        for _, start, end in self.forms(doc):
            while start < end - 1 and doc[start].lower_ in ARTICLES:
                start += 1
            hit = reg.resolve(doc[start:end].text)
            if hit is not None and self._acceptable(doc, start, end, hit.mode):
                cands.append(self._candidate(start, end, hit, 1))
        for match_id, start, end in self.custom(doc) if len(self.custom) else ():
            label = doc.vocab.strings[match_id].split("|", 1)[1]
            cands.append(_Candidate(start, end, label, "", "actor", 2, PATTERN))
        for ent in doc.ents:
            if ent.label_ in self._NER_LABELS:
                start = ent.start
                while start < ent.end - 1 and doc[start].lower_ in ARTICLES:
                    start += 1
                hit = reg.resolve(doc[start : ent.end].text)
                if hit is not None and self._acceptable(doc, start, ent.end, hit.mode):
                    cands.append(self._candidate(start, ent.end, hit, 3))
        cands.extend(self._paired(doc, cands))
        taken = [False] * len(doc)
        spans: list[Span] = []
        for c in sorted(cands, key=lambda c: (c.start - c.end, c.priority, c.start)):
            if any(taken[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                taken[i] = True
            span = Span(doc, c.start, c.end, label=c.label)
            span._.person = c.person
            span._.actor_kind = c.kind
            span._.actor_mode = c.mode
            spans.append(span)
        doc.spans["actors"] = _drop_descriptions(sorted(spans, key=lambda s: s.start))
        return doc

    def _paired(self, doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
        """ "Pakistani and Indian troops": a capitalised word joined by "and" to the
        first word of an actor phrase names its own actor with the rest of the phrase
        ("Pakistani troops"), when that is another known actor."""
        out: list[_Candidate] = []
        for c in cands:
            if c.end - c.start < 2 or c.start < 2 or doc[c.start - 1].lower_ != "and":
                continue
            word = doc[c.start - 2]
            if not word.is_title or not doc[c.start].is_title:
                continue
            hit = self.registry.resolve(f"{word.text} {doc[c.start + 1 : c.end].text}")
            if hit is None or hit.actor == c.label or hit.person:
                continue
            out.append(self._candidate(word.i, word.i + 1, hit, c.priority))
        return out

    def _identity_groups(self, doc: Doc) -> list[_Candidate]:
        """Named peoples and clans that take up arms ("Turkana raiders", "the Nuer and
        Dinka communities"): each its identity militia, when the name is no known actor,
        country or demonym and no descriptive word ("Suspected raiders")."""
        reg = self.registry
        out: list[_Candidate] = []
        for match_id, start, end in self.identity(doc):
            pair = doc.vocab.strings[match_id] == "sitrep_identity_pair"
            if doc.vocab.strings[match_id] == "sitrep_identity_armed":
                if end < len(doc) and (doc[end].is_title or doc[end].text == "-"):
                    continue  # "armed Boko Haram": a longer name
                if doc[end - 1].lower_.endswith("s"):
                    continue  # "armed Islamists": a plural noun, no people's name
                start += 1  # the people's name alone is the span
            names = [doc[start : start + 1], doc[start + 2 : start + 3]] if pair \
                else [doc[start : start + 1]]
            if not all(self._people_name(n.text) for n in names):
                continue
            if start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
                continue  # "Rift Valley clans": the name is longer than one word
            if reg.resolve(doc[names[-1].start : end].text) is not None:
                continue  # "Shabab militia" is the actor the registry knows
            for n in names:
                stop = end if n.start == names[-1].start else n.end
                label = identity_militia(n.text)
                out.append(_Candidate(n.start, stop, label, "", "actor", 4, FORM))
        return out

    def _people_name(self, text: str) -> bool:
        """May this capitalised word name a people or clan? Not an actor, a country or a
        demonym ("Kenyan raiders"), and no participle or adverb ("Armed", "Reportedly")."""
        low = text.lower()
        if len(text) < 3 or low.endswith(("ed", "ing", "ly")):
            return False
        return self.registry.resolve(text, _demonym=True) is None and low not in _NOT_PEOPLES

    def _candidate(self, start: int, end: int, hit: AliasHit, priority: int) -> _Candidate:
        kind = self.registry.actor(hit.actor).kind
        return _Candidate(start, end, hit.actor, hit.person or "", kind, priority, hit.mode)

    def _acceptable(self, doc: Doc, start: int, end: int, mode: str) -> bool:
        """Context checks that keep aliases from firing on look-alike text."""
        reg = self.registry
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.text == "-" and start > 1:
            if doc[start - 2].lower_ in reg.negating_prefixes:
                return False  # "anti-Taliban" is not the Taliban
        if end + 1 < len(doc) and doc[end].text == "-":
            if doc[end + 1].lower_ in reg.proxy_suffixes:
                return False  # "Pakistan-backed militants" are not Pakistan's forces
        if mode == PLACE and before is not None and before.lower_ in reg.locative_prepositions:
            return False
        if mode == GENERIC:
            first = doc[start]
            return first.text[:1].isupper() or (before is not None and before.lower_ == "the")
        return True


@Language.factory(
    "sitrep_actors",
    assigns=["doc.spans"],
    default_config={"actor_files": []},
)
def make_actor_tagger(nlp: Language, name: str, actor_files: list[str]) -> ActorTagger:
    """Factory for ``nlp.add_pipe("sitrep_actors")`` (empty ``actor_files``: packaged files)."""
    return ActorTagger(nlp, name, actor_files)


_UNIDENTIFIED = "Unidentified "


def _drop_descriptions(spans: list[Span]) -> list[Span]:
    """An unidentified-group phrase that describes a named actor ("JNIM, an armed group,",
    "the armed group Ansaroul Islam") is that actor, not a second, unknown one."""
    named = [s for s in spans
             if s._.actor_kind == "actor" and not s.label_.startswith(_UNIDENTIFIED)]

    def described(span: Span) -> bool:
        for other in named:
            if other.sent != span.sent:
                continue
            inside = range(other.start, other.end)
            if span.root.dep_ == "appos" and span.root.head.i in inside:
                return True  # "JNIM, an armed group,"
            if other.root.dep_ in {"appos", "compound", "nmod"} and \
                    span.start <= other.root.head.i < span.end:
                return True  # "an armed group, JNIM," / "the armed group JNIM"
            if other.start == span.end:
                return True  # "the armed group Ansaroul Islam" as one noun phrase
        return False

    def label(span: Span) -> bool:  # "Change to armed group: ...": a coder's category
        return span.end < len(span.doc) and span.doc[span.end].text == ":"

    return [s for s in spans
            if not (s.label_.startswith(_UNIDENTIFIED) and (described(s) or label(s)))]

