"""Training text for the event model: the packaged written sentences, WikiEvents sentences
labelled with ACLED sub-types, and ACLED-style CSV exports."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import DataFileError

WRITTEN_FILE = Path(__file__).resolve().parents[2] / "data" / "model" / "sentences.tsv"
NONE = "none"  # label of written sentences that report no event

# Sentence keywords → ACLED sub-type for WikiEvents attack/death/injury sentences, in
# priority order (the WikiEvents README's device guidance: suicide bomber → Suicide
# bomb, drone/airstrike → Air/drone strike, IED/roadside/car bomb → Remote explosive).
_DEVICE_RULES: tuple[tuple[str, str], ...] = (
    (r"suicide", "Suicide bomb"),
    (r"chemical weapon|sarin|chlorine|nerve agent|poison gas", "Chemical weapon"),
    (r"drone|air ?strike|air raid|warplane|fighter jet|helicopter gunship", "Air/drone strike"),
    (r"grenade", "Grenade"),
    (r"rocket|mortar|artillery|shell(?:ing|ed|s)\b|missile", "Shelling/artillery/missile attack"),
    (
        r"\bbomb|\bied|explosive|explosion|exploded|blast|detonat|landmine|\bmines?\b",
        "Remote explosive/landmine/IED",
    ),
)
_DISRUPTED = re.compile(r"defus|disarm|dismantl|bomb squad|disposal|foil|thwart", re.I)
_VIOLENT_PROTEST = re.compile(r"riot|stones?\b|rocks|torch|set fire|burn|loot|clash", re.I)
VIOLENT = {"Conflict.Attack", "Life.Die", "Life.Injure"}
_POSITIVE = VIOLENT | {
    "Conflict.Demonstrate",
    "Conflict.Defeat",
    "Justice.ArrestJailDetain",
    "ArtifactExistence.DamageDestroyDisableDismantle",
}
# Types that say nothing either way about an ACLED event: such sentences are left out.
_UNSURE = {
    "Contact.ThreatenCoerce",
    "GenericCrime.GenericCrime",
    "Control.ImpedeInterfereWith",
}


@dataclass(frozen=True)
class Example:
    """One training or evaluation text with its sub-type (None: no event)."""

    text: str
    label: str | None
    source: str
    types: frozenset[str] = field(default_factory=frozenset)  # WikiEvents trigger types

    @property
    def violent(self) -> bool:
        """True for a sentence with a Conflict.Attack, Life.Die or Life.Injure trigger."""
        return bool(self.types & VIOLENT)


def written(path: Path = WRITTEN_FILE) -> list[Example]:
    """The packaged hand-written sentences (``label<TAB>text``; label ``none`` = no event)."""
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = row["label"].strip()
            out.append(Example(row["text"].strip(), None if label == NONE else label, "written"))
    return out


def device_subtype(sentence: str) -> str | None:
    """The explosive/remote-violence sub-type a sentence's wording names, if any."""
    low = sentence.lower()
    for pattern, label in _DEVICE_RULES:
        if re.search(pattern, low):
            return label
    return None


def label_sentence(sentence: str, types: set[str], disabled: bool) -> tuple[bool, str | None]:
    """(use the sentence?, sub-type or None) for a WikiEvents sentence with event ``types``.

    Positive sentences without a confident sub-type train the detector only.
    """
    if not types & _POSITIVE:
        return (not types & _UNSURE), None
    if disabled or (
        "ArtifactExistence.DamageDestroyDisableDismantle" in types and _DISRUPTED.search(sentence)
    ):
        return True, "Disrupted weapons use"
    if types & VIOLENT:
        return True, device_subtype(sentence)
    if "Conflict.Demonstrate" in types:
        violent = _VIOLENT_PROTEST.search(sentence)
        return True, "Violent demonstration" if violent else "Peaceful protest"
    if "Justice.ArrestJailDetain" in types:
        return True, "Arrests"
    return True, device_subtype(sentence)


def wikievents_sentences(
    path: Path, doc_ids: Iterable[str] | None = None, keep_all: bool = False
) -> list[Example]:
    """WikiEvents sentences as examples: a sentence is positive when it holds the trigger
    of an ACLED-relevant type (mapped as in the dataset README), negative when it holds no
    trigger or only non-ACLED types (court proceedings, contact, transport, ...).
    ``label`` is ``"EVENT"`` for positives whose sub-type stays unknown. ``keep_all``
    keeps the sentences training leaves out (unsure types, very short), for evaluation."""
    wanted = set(doc_ids) if doc_ids is not None else None
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if wanted is not None and doc["doc_id"] not in wanted:
                continue
            out.extend(_doc_sentences(doc, keep_all))
    return out


def _doc_sentences(doc: dict, keep_all: bool) -> list[Example]:
    text = doc["text"]
    found: list[tuple[set[str], bool]] = [(set(), False) for _ in doc["sentences"]]
    for event in doc["events"]:
        start = event["trigger"]["start"]
        for k, s in enumerate(doc["sentences"]):
            if s["start"] <= start < s["end"]:
                roles = {a["role"] for a in event.get("args", [])}
                disabled = bool(roles & {"Disabler", "Dismantler"})
                found[k] = (found[k][0] | {event["kairos_type"]}, found[k][1] or disabled)
    out = []
    for s, (types, disabled) in zip(doc["sentences"], found, strict=True):
        sentence = text[s["start"] : s["end"]].strip()
        use, label = label_sentence(sentence, types, disabled)
        if keep_all or (use and len(sentence) > 20):
            positive = bool(types & _POSITIVE) or disabled
            tag = label or ("EVENT" if positive else None)
            source = f"wikievents:{doc['doc_id']}"
            out.append(Example(sentence, tag, source, frozenset(types)))
    return out


def read_acled_csv(
    path: str | Path, text_column: str = "notes", label_column: str = "sub_event_type"
) -> tuple[list[str], list[str], dict[str, str]]:
    """Texts, sub-type labels and (when an ``event_type`` column exists) the label →
    event_type map of an ACLED-style CSV; rows with an empty text or label are skipped."""
    texts: list[str] = []
    labels: list[str] = []
    types: dict[str, str] = {}
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header: Sequence[str] = reader.fieldnames or []
            for column in (text_column, label_column):
                if column not in header:
                    raise DataFileError(
                        str(path), f"no column {column!r} (columns: {list(header)})"
                    )
            for row in reader:
                text, label = (row[text_column] or "").strip(), (row[label_column] or "").strip()
                if text and label:
                    texts.append(text)
                    labels.append(label)
                    if row.get("event_type"):
                        types.setdefault(label, row["event_type"].strip())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot read the CSV ({exc})") from exc
    if not texts:
        raise DataFileError(str(path), f"no rows with both {text_column!r} and {label_column!r}")
    return texts, labels, types
