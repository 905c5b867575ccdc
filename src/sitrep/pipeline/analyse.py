"""The per-document stage: one document in, its event mentions and control statements out.

A pure function of the document and the loaded pipeline, so it runs unchanged in
this process, in a process-pool worker (:mod:`sitrep.pipeline.local`) or on a Ray
actor (:mod:`sitrep.pipeline.ray`); both import this module, never the build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sitrep import __version__
from sitrep.extract.actor_facts import document_facts
from sitrep.extract.events import ExtractOptions, Lexicon, extract_mentions, load_lexicon
from sitrep.extract.events.model import ModelHook, resolve_spec
from sitrep.extract.statements import extract_statements
from sitrep.knowledge import DATA_DIR
from sitrep.nlp.actors import ActorRegistry
from sitrep.records import ControlStatement, Document, Mention


@dataclass
class Extractor:
    """Everything the per-document stage needs, loaded once per process."""

    registry: ActorRegistry
    lexicon: Lexicon
    options: ExtractOptions
    actor_files: tuple[str, ...] = ()
    _nlp: object | None = None
    model_spec: str = ""  # the learned event model: "" none, "packaged" or a folder
    model: ModelHook | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            from sitrep.nlp import load_pipeline

            self._nlp = load_pipeline(self.actor_files)
        return self._nlp

    def version(self) -> str:
        """Fingerprint of code version, knowledge files and options: a change re-extracts."""
        h = hashlib.sha256(__version__.encode())
        files = sorted(
            p
            for p in DATA_DIR.rglob("*")
            if p.is_file() and p.suffix in {".yaml", ".yml", ".csv", ".json", ".geojson"}
        )
        for p in [*files, *(Path(f) for f in self.actor_files)]:
            h.update(p.name.encode())
            h.update(p.read_bytes())
        h.update(repr(self.options).encode())
        h.update(self.model.fingerprint.encode() if self.model else b"no-model")
        return h.hexdigest()[:16]


def make_extractor(
    actor_files: Sequence[str | Path] = (),
    conflict_start: date | None = None,
    model: str | Path | bool | None = None,
    country: str = "",
) -> Extractor:
    """Load the actor registry, lexicon and learned event model (None: the default, False:
    none, True: the packaged one, else a folder); the spaCy pipeline loads on first use.
    numpy's BLAS runs on one thread from here on (:func:`sitrep.nlp.embed.single_thread_blas`),
    so every process of a build computes the same bits, whatever ran first."""
    from sitrep.nlp import embed

    embed.single_thread_blas()  # before any matrix product: same bits in every process
    spec = resolve_spec(model)
    files = tuple(str(p) for p in actor_files)
    registry = ActorRegistry.load([Path(f) for f in files] if files else None)
    return Extractor(
        registry=registry,
        lexicon=load_lexicon(),
        options=ExtractOptions(conflict_start=conflict_start, country=country),
        actor_files=files,
        model_spec=spec,
        model=ModelHook.load(spec),
    )


@dataclass(frozen=True)
class Analysis:
    """What the per-document stage extracts: event mentions and control statements."""

    mentions: list[Mention]
    statements: list[ControlStatement] = field(default_factory=list)
    actor_facts: dict[str, Any] = field(default_factory=dict)  # strength figures, people
    # the mentions' evidence sentences embedded here, so the merge finds them cached
    # (float32 bytes by sentence; ``vector_tag`` names the model, "" when none)
    vectors: dict[str, bytes] = field(default_factory=dict)
    vector_tag: str = ""


def analyse_document(document: Document, extractor: Extractor) -> list[Mention]:
    """The per-document stage, event mentions only (see :func:`analyse_document_full`)."""
    return analyse_document_full(document, extractor).mentions


def analyse_document_full(
    document: Document, extractor: Extractor, *, vectors: bool = False
) -> Analysis:
    """The per-document stage: event mentions and control statements of one document
    (``vectors``: with the embeddings of the mentions' evidence sentences as well, which
    the build stores for the merge; computed here, they are computed in parallel)."""
    from sitrep.nlp import analyse

    doc = analyse(extractor.nlp, document, extractor.options.country)
    mentions = extract_mentions(
        document, doc, extractor.registry, extractor.lexicon, extractor.options,
        extractor.model,
    )
    claimants = sorted((m.char_start, m.char_end, m.claimant) for m in mentions if m.claimant)
    facts = document_facts(extractor.registry, document.doc_id, document.text, claimants)
    statements = extract_statements(document, doc, extractor.registry)
    analysis = Analysis(mentions, statements, facts)
    return with_vectors(analysis) if vectors else analysis


def with_vectors(analysis: Analysis) -> Analysis:
    """``analysis`` with the vectors of its mentions' evidence sentences (this process's
    cache first: a sentence's vector depends on the batch it was first encoded in, so
    documents taken in input order by one process give every build the same bits)."""
    tag, found = _evidence_vectors(sorted({m.evidence for m in analysis.mentions}))
    return replace(analysis, vectors=found, vector_tag=tag)


_VECTORS: dict[tuple[str, str], bytes] = {}  # (model tag, sentence) -> vector, this process
_VECTORS_MAX = 50_000  # about 75 MB of float32 vectors


def _evidence_vectors(texts: list[str]) -> tuple[str, dict[str, bytes]]:
    """(model tag, float32 bytes by sentence) of ``texts``; ("", {}) without the model.

    Sentences this process has already embedded are not embedded again (a corpus of
    near-copies repeats many); the build keeps the first vector stored for a sentence.
    """
    from sitrep.nlp import embed

    if not texts or not embed.available():
        return "", {}
    tag = embed.model_tag()
    if not tag:
        return "", {}
    todo = [t for t in texts if (tag, t) not in _VECTORS]
    if todo:
        try:
            matrix = embed.encode(todo)
        except embed.EmbedError:
            return "", {}  # the merge warns and matches lexically
        if len(_VECTORS) + len(todo) > _VECTORS_MAX:
            _VECTORS.clear()
        _VECTORS.update(((tag, t), matrix[i].astype("float32").tobytes())
                        for i, t in enumerate(todo))
    return tag, {t: _VECTORS[tag, t] for t in texts}


_WORKER: dict[str, Extractor] = {}  # one extractor per worker process, set by its initializer


def preload(extractor: Extractor) -> None:
    """Load now what the first document would load: the spaCy pipeline, the gazetteer's
    world tables and, for the learned event model, the sentence encoder (workers forked
    after this share them; without the model only the merge embeds, in this process)."""
    from sitrep.nlp import embed
    from sitrep.nlp.geo.gazetteer import default_gazetteer

    _ = extractor.nlp
    default_gazetteer().countries_named("")  # the world tables load on first use
    if extractor.model is None:
        return
    try:
        embed.preload()
    except embed.EmbedError:
        pass  # as in one process: the merge warns and matches lexically


def set_worker_extractor(extractor: Extractor) -> None:
    """The extractor :func:`analyse_in_worker` uses in this process (and in the workers
    forked from it)."""
    _WORKER["extractor"] = extractor


def init_worker(
    actor_files: tuple[str, ...], conflict_start: date | None, model_spec: str = "",
    country: str = "",
) -> None:
    """Load this worker process's extractor once (process pool and Ray actors alike)."""
    import signal

    # Ctrl+C reaches the whole process group: the main process stops the build and
    # keeps the store; workers must not each print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["extractor"] = make_extractor(actor_files, conflict_start, model_spec or False,
                                          country)


def analyse_in_worker(document: Document) -> Analysis:
    """The per-document stage with the extractor :func:`init_worker` loaded."""
    return analyse_document_full(document, _WORKER["extractor"], vectors=True)


def analyse_in_worker_without_vectors(document: Document) -> Analysis:
    """:func:`analyse_in_worker` without the embeddings (the build process adds them)."""
    return analyse_document_full(document, _WORKER["extractor"], vectors=False)
