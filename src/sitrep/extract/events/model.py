"""The learned event model beside the rules: events the rules missed, sub-types they got wrong.

For each sentence the rules read, :meth:`ModelHook.apply` gets the rules' mentions and

* when they found none, the sentence names an actor or a place, and the model is sure it
  reports an event of one sub-type, adds a mention built by the same steps as a rule
  mention (date, parties, place, claimant, figures; :func:`hit_mentions`) from a
  trigger-less hit at the sentence's root, flagged ``model``;
* overrides a rule mention's sub-type when the model is sure of another one and gives
  the rule's almost no chance (within the event type; across types only when the
  thresholds allow it), flagged ``model-type``; a trained model with a stacker
  (:mod:`sitrep.nlp.classify.stack`) instead gives a rule mention the sub-type its
  stacker prefers given the rule's own (profile key ``stacked``).

With ``subtype_text: paragraph`` the sub-type probabilities come from the sentence's
paragraph (when no longer than the model's training texts), P(event) from the sentence.

Thresholds are data (``data/model/hook.yaml``, or ``"hook"`` in a model's ``model.json``
info). Sentences are scored once per document, in one batch, and only those that could
change: with a rule mention or naming an actor or a place.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.extract import attribution
from sitrep.extract.events.context import SentenceContext
from sitrep.extract.events.lexicon import Trigger
from sitrep.extract.events.mention import hit_mentions, mention_id
from sitrep.extract.events.modality import is_irrealis
from sitrep.extract.events.places import _anaphoric_places
from sitrep.extract.events.select import select_hits
from sitrep.extract.events.triggers import Hit, find_triggers
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml
from sitrep.nlp import embed, syntax
from sitrep.nlp.classify.model import PACKAGED_DIR, EventModel, Prediction
from sitrep.records import Mention

log = logging.getLogger(__name__)

HOOK_PATH = DATA_DIR / "model" / "hook.yaml"
PACKAGED = "packaged"  # model spec of the packaged model ("" = no model, else a folder)
ADDED = "model"  # flag (event tag) of a mention only the model found
RETYPED = "model-type"  # flag of a rule mention whose sub-type the model changed
_CACHE = "sitrep_event_model"  # doc.user_data: (key, hook serial) -> {sentence start: Prediction}
_KEYS = ("default", "add_event", "add_subtype", "override_subtype", "override_rule",
         "override_cross", "stacked", "subtype_text")
PARAGRAPH_CHARS = 600  # longest paragraph read whole when a model does not say (chars_p99)
_SERIAL = itertools.count()
_NOTICE: list[str] = []  # the one notice this process gave


@dataclass(frozen=True)
class Thresholds:
    """When the model adds a mention or overrides a rule's sub-type."""

    add_event: float
    add_subtype: float
    override_subtype: float | None  # None: never override a rule's sub-type
    override_rule: float
    override_cross: float | None  # None: never across event types
    stacked: float | None = None  # a model with a stacker: its sub-type wins at P >= this
    subtype_text: str = "sentence"  # sub-type probabilities from the sentence or paragraph


def _profile(name: str, model: EventModel | None = None) -> dict[str, Any]:
    """The hook.yaml profile ``name``, with the model's own ``info.hook`` on top."""
    data = read_yaml(HOOK_PATH, what="model hook settings", required=("packaged", "trained"))
    section = dict(data[name] or {})
    if model is not None:
        section.update(model.info.get("hook") or {})
    unknown = set(section) - set(_KEYS)
    if unknown:
        raise DataFileError(str(HOOK_PATH), f"unknown key(s) in {name}: {sorted(unknown)}")
    return section


def packaged_default() -> bool:
    """Whether a build uses the packaged model when not told (hook.yaml ``default``)."""
    return bool(_profile(PACKAGED).get("default", False))


def thresholds(profile: dict[str, Any]) -> Thresholds:
    """The thresholds of one profile."""
    try:
        sub, cross = profile.get("override_subtype"), profile.get("override_cross")
        stacked = profile.get("stacked")
        limits = Thresholds(
            float(profile["add_event"]), float(profile["add_subtype"]),
            None if sub is None else float(sub), float(profile["override_rule"]),
            None if cross is None else float(cross),
            None if stacked is None else float(stacked),
            str(profile.get("subtype_text", "sentence")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(str(HOOK_PATH), f"bad threshold ({exc})") from exc
    if limits.subtype_text not in ("sentence", "paragraph"):
        raise DataFileError(str(HOOK_PATH), "subtype_text must be sentence or paragraph")
    return limits


def resolve_spec(model: str | Path | bool | None) -> str:
    """The model to use as a spec string: ``""`` (none), ``"packaged"`` or a folder.

    ``None`` is the default (hook.yaml), ``False`` no model, ``True`` the packaged one.
    Without sentence embeddings (not installed, or ``SITREP_EMBEDDINGS=0``) there is no
    model, with one notice per process."""
    if model is None:
        model = packaged_default()
    if model is False or model == "":
        return ""
    spec = PACKAGED if model is True or model == PACKAGED else str(Path(str(model)))
    if spec != PACKAGED and not (Path(spec) / "model.json").is_file():
        raise DataFileError(spec, "not a sitrep event model folder (no model.json)")
    if not embed.available():
        if not _NOTICE:
            _NOTICE.append(spec)
            log.warning("sitrep: sentence embeddings unavailable; extracting without the "
                        "learned event model")
        return ""
    return spec


def _paragraph(text: str, at: int) -> str:
    """The paragraph (between blank lines) of ``text`` holding position ``at``, stripped."""
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    return text[0 if start < 0 else start + 2 : len(text) if end < 0 else end].strip()


@dataclass
class ModelHook:
    """A loaded model with its thresholds; see the module docstring."""

    model: EventModel
    limits: Thresholds
    fingerprint: str = ""
    key: int = field(default_factory=lambda: next(_SERIAL))  # its predictions on a Doc

    @classmethod
    def load(cls, spec: str) -> ModelHook | None:
        """The hook of a spec from :func:`resolve_spec` (None for ``""``)."""
        if not spec:
            return None
        folder = PACKAGED_DIR if spec == PACKAGED else Path(spec)
        model = EventModel.load(folder)
        profile = _profile(PACKAGED if spec == PACKAGED else "trained", model)
        h = hashlib.sha256(repr(sorted(profile.items())).encode())
        for name in ("model.json", "weights.npz"):
            h.update((folder / name).read_bytes())
        return cls(model, thresholds(profile), h.hexdigest()[:16])

    def apply(self, here: SentenceContext, found: list[Mention], follows: bool) -> list[Mention]:
        """The sentence's mentions after the model: ``found`` retyped, or a model mention
        when ``found`` is empty. ``follows``: the sentence goes on telling the previous
        sentence's event (no date or place of its own), so it adds none."""
        pred = self._prediction(here)
        if pred is None:
            return found
        if found:
            return [self._retyped(here, m, pred) for m in found]
        if follows and not here.timexes and not here.places:
            return []
        return self._added(here, pred)

    def _prediction(self, here: SentenceContext) -> Prediction | None:
        """The sentence's prediction (the whole document is scored on first use)."""
        key = (_CACHE, self.key)  # one cache per hook: a Doc may be read with several
        cache = here.doc.user_data.get(key)
        if cache is None:
            cache = here.doc.user_data[key] = self._score(here)
        return cache.get(here.sent.start_char)

    def _score(self, here: SentenceContext) -> dict[int, Prediction]:
        """Predictions for the sentences worth scoring (naming an actor or a place, or
        holding a trigger word), in one batch."""
        doc = here.doc
        named = {s.sent.start for s in [*syntax.spans(doc, "actors"), *syntax.spans(doc, "places")]}
        sents = [s for s in doc.sents if s.text.strip() and (
            s.start in named or find_triggers(s, here.lexicon))]
        preds = self.model.predict([s.text.strip() for s in sents])
        if self.limits.subtype_text == "paragraph" and sents:
            # P(event) stays the sentence's; the sub-type is read from the whole paragraph
            # (an ACLED-style note tells one event over several sentences) when it is no
            # longer than the model's training texts (else the sentence's)
            longest = int((self.model.info.get("trained_on") or {}).get("chars_p99")
                          or PARAGRAPH_CHARS)
            paras = [_paragraph(doc.text, s.start_char) for s in sents]
            distinct = [t for t in dict.fromkeys(paras) if len(t) <= longest]
            by_text = dict(zip(distinct, self.model.predict(distinct), strict=True))
            preds = [replace(by_text[t], is_event=p.is_event) if t in by_text else p
                     for t, p in zip(paras, preds, strict=True)]
        return {s.start_char: p for s, p in zip(sents, preds, strict=True)}

    def _stacked(self, pred: Prediction, rule: str | None) -> Prediction | None:
        """The prediction combined with the rule's sub-type by the model's stacker, when
        it has one and the profile sets ``stacked``; else None. (Only rule mentions are
        restacked: an added mention keeps the head's sub-type.)"""
        if self.limits.stacked is None or getattr(self.model, "stacker", None) is None:
            return None
        return self.model.stacked(pred, rule)

    def _added(self, here: SentenceContext, pred: Prediction) -> list[Mention]:
        """A mention of the model's sub-type, when it is sure and the sentence names an
        actor or a place."""
        lim = self.limits
        if pred.is_event < lim.add_event or pred.confidence < lim.add_subtype:
            return []
        if not here.places and not [a for a in here.actors if a._.actor_kind != "source"]:
            return []
        if pred.sub_event_type not in here.lexicon.taxonomy:
            return []
        root = here.sent.root
        if is_irrealis(root, here.lexicon):
            return []
        hit = Hit(Trigger(pred.sub_event_type), root, root.i, root.i + 1)
        selected = select_hits([hit], here.places, here.timexes, here.lexicon,
                               lambda h: _anaphoric_places(h, here.ctx, here.lexicon,
                                                           here.places))
        attr = attribution.attribute(here.sent)
        out = []
        for h, chosen in selected:
            out.extend(replace(m, flags=[*m.flags, ADDED])
                       for m in hit_mentions(here, h, chosen, attr))
        return out

    def _retyped(self, here: SentenceContext, m: Mention, pred: Prediction) -> Mention:
        """``m`` with the model's sub-type when the override rule allows it."""
        lim, lexicon = self.limits, here.lexicon
        stacked = self._stacked(pred, m.sub_event_type)
        new = (stacked or pred).sub_event_type
        if new == m.sub_event_type or new not in lexicon.taxonomy:
            return m
        event_type, disorder = lexicon.types(new)
        if stacked is not None:  # the stacker has weighed the rule's sub-type already
            if lim.stacked is None or stacked.confidence < lim.stacked:
                return m
        else:
            limit = lim.override_subtype if event_type == m.event_type else lim.override_cross
            if (limit is None or pred.confidence < limit or m.sub_event_type not in pred.probs
                    or pred.probs[m.sub_event_type] > lim.override_rule):
                return m
        place = m.place.matched if m.place else ""
        return replace(
            m, sub_event_type=new, event_type=event_type, disorder_type=disorder,
            civilian_targeting=(
                "Civilian targeting" if event_type == "Violence against civilians" else ""),
            mention_id=mention_id(m.doc_id, m.char_start, m.char_end, place, new),
            flags=[*m.flags, RETYPED],
        )
