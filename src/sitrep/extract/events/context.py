"""What the extractor carries from sentence to sentence, and what it knows in one sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from sitrep.extract.attribution import Denial
from sitrep.extract.events.lexicon import ExtractOptions, Lexicon
from sitrep.nlp.actors import ActorRegistry
from sitrep.records import Document, Mention, Timex


@dataclass
class DocContext:
    """What earlier sentences of the document established (narrative date, place)."""

    timex: Timex | None = None
    timex_paragraph: int = -1
    places: list[Span] = field(default_factory=list)
    places_paragraph: int = -1
    actors: list[Span] = field(default_factory=list)
    seen_places: list[tuple[int, Span]] = field(default_factory=list)  # (paragraph, place)
    paragraph: int = -1  # the current sentence's
    paragraph_places: dict[int, list[Span]] = field(default_factory=dict)  # sub-country places
    home_country: str = ""  # the country most of the document's local places are in
    belligerents: tuple[str, ...] = ()  # the document's actors, most named first
    lede: int = -1  # token index where the lede (the first body sentence with a verb) starts
    follows: bool = False  # the previous sentence, in the same paragraph, told an event
    # the mentions of the violent event being told (latest sentence that reported one as
    # news), which later sentences telling more of it are linked to
    story: list[Mention] = field(default_factory=list)
    story_paragraph: int = -1  # the paragraph ``story`` was told in
    # every violent event told so far, in text order (``story`` is the last): a later
    # sentence may tell more of an earlier one ("Monday's bombing" after Friday's ambush)
    stories: list[list[Mention]] = field(default_factory=list)


@dataclass(frozen=True)
class SentenceContext:
    """One sentence being read, with its spans and the document-wide knowledge: what the
    per-sentence and per-trigger steps would otherwise pass down as a dozen arguments."""

    document: Document
    doc: Doc
    sent: Span
    para: int  # paragraph index of the sentence
    actors: list[Span]  # actor spans in the sentence
    timexes: list[Span]  # the sentence's current (not background) date expressions
    places: list[Span]  # place candidates in the sentence, in text order
    ctx: DocContext
    denials: Sequence[Denial]
    registry: ActorRegistry
    lexicon: Lexicon
    options: ExtractOptions
