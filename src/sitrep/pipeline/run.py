"""``sitrep.build``: files → documents → mentions per document → merged events → outputs.

The per-document stage (:func:`analyse_document`) is a pure function of the
document and the loaded pipeline, so it can run in other processes or on a Ray
cluster unchanged; everything after it reads the store.
"""

from __future__ import annotations

import calendar
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitrep import __version__, ingest
from sitrep.errors import UsageError
from sitrep.extract.events import ExtractOptions, Lexicon, extract_mentions, load_lexicon
from sitrep.extract.statements import ControlStatement, extract_statements
from sitrep.knowledge import DATA_DIR
from sitrep.merge.reconcile import iso3, merge
from sitrep.nlp.actors import ActorRegistry, interaction
from sitrep.records import Document, FailedDocument, Mention
from sitrep.store import STORE_NAME, Store, claim_row, event_row, open_for_build

DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class BuildResult:
    """What a build did, for the CLI summary and for callers."""

    out_dir: Path
    documents_ok: int = 0
    documents_reused: int = 0
    failures: list[FailedDocument] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def documents_failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """One line: documents ok/failed, mentions, events, seconds."""
        return (
            f"{self.documents_ok} documents ok, {self.documents_failed} failed, "
            f"{self.mentions} mentions, {self.events} events in {self.seconds:.1f} s"
        )


@dataclass
class Extractor:
    """Everything the per-document stage needs, loaded once per process."""

    registry: ActorRegistry
    lexicon: Lexicon
    options: ExtractOptions
    actor_files: tuple[str, ...] = ()
    _nlp: object | None = None

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
        return h.hexdigest()[:16]


def make_extractor(
    actor_files: Sequence[str | Path] = (), conflict_start: date | None = None
) -> Extractor:
    """Load the actor registry and lexicon (the spaCy pipeline loads on first use)."""
    files = tuple(str(p) for p in actor_files)
    registry = ActorRegistry.load([Path(f) for f in files] if files else None)
    return Extractor(
        registry=registry,
        lexicon=load_lexicon(),
        options=ExtractOptions(conflict_start=conflict_start),
        actor_files=files,
    )


@dataclass(frozen=True)
class Analysis:
    """What the per-document stage extracts: event mentions and control statements."""

    mentions: list[Mention]
    statements: list[ControlStatement] = field(default_factory=list)


def analyse_document(document: Document, extractor: Extractor) -> list[Mention]:
    """The per-document stage, event mentions only (see :func:`analyse_document_full`)."""
    return analyse_document_full(document, extractor).mentions


def analyse_document_full(document: Document, extractor: Extractor) -> Analysis:
    """The per-document stage: event mentions and control statements of one document."""
    from sitrep.nlp import analyse

    doc = analyse(extractor.nlp, document)
    mentions = extract_mentions(
        document, doc, extractor.registry, extractor.lexicon, extractor.options
    )
    return Analysis(mentions, extract_statements(document, doc, extractor.registry))


Item = Document | FailedDocument

_WORKER: dict[str, Extractor] = {}  # one extractor per worker process, set by its initializer


def _init_worker(actor_files: tuple[str, ...], conflict_start: date | None) -> None:
    import signal

    # Ctrl+C reaches the whole process group: the main process stops the build and
    # keeps the store; workers must not each print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["extractor"] = make_extractor(actor_files, conflict_start)


def _analyse_in_worker(document: Document) -> Analysis:
    return analyse_document_full(document, _WORKER["extractor"])


def _analyse_all(
    items: Iterator[Item],
    fresh: Callable[[Document], bool],
    extractor: Extractor,
    workers: int,
) -> Iterator[tuple[Item, Analysis | None]]:
    """Pair each item with its analysis (None: failed or already stored), in input order.

    With several workers a bounded window of documents is in flight, so memory
    stays bounded however large the corpus.
    """
    if workers == 1:
        for item in items:
            todo = isinstance(item, Document) and fresh(item)
            yield item, analyse_document_full(item, extractor) if todo else None
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    window: deque[tuple[Item, Future | None]] = deque()
    pool = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker,
        initargs=(extractor.actor_files, extractor.options.conflict_start),
    )
    try:
        for item in items:
            todo = isinstance(item, Document) and fresh(item)
            window.append((item, pool.submit(_analyse_in_worker, item) if todo else None))
            while len(window) > 2 * workers:
                done, future = window.popleft()
                yield done, future.result() if future is not None else None
        while window:
            done, future = window.popleft()
            yield done, future.result() if future is not None else None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl+C: drop the queued work
        raise
    else:
        pool.shutdown()


def _progress(items: Iterator, total: int, enabled: bool) -> Iterator:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit="doc", file=sys.stderr, leave=False))


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    conflict_start: date | None = None,
    actor_files: Sequence[str | Path] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    report: bool = True,
    on_failure: Callable[[FailedDocument], None] | None = None,
    workers: int = 1,
    ray_address: str | None = None,
) -> BuildResult:
    """Build (or update) the store in ``out_dir`` from input files and folders.

    Documents already in the store, analysed by the same extractor version, are
    not analysed again. Bad files are recorded (``documents.csv`` status=error)
    and the rest of the batch goes on. ``workers`` > 1 analyses documents in that
    many processes; with ``ray_address`` ("local", "auto" or a cluster address) in
    that many Ray actors. Results are stored in input order, so the output is the same.
    """
    if workers < 1:
        raise UsageError(f"workers must be at least 1, not {workers}")
    started = time.perf_counter()
    if not inputs:
        raise UsageError("no input files or folders given")
    paths = list(ingest.iter_paths(inputs))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    extractor = make_extractor(actor_files, conflict_start)
    version = extractor.version()
    result = BuildResult(out_dir=out)
    with open_for_build(out / STORE_NAME) as store:  # published atomically at the end
        items = ingest.iter_documents(paths, max_bytes=max_bytes)
        fresh = lambda d: store.extractor_of(d.doc_id) != version  # noqa: E731
        stream = _progress(items, len(paths), progress)
        if ray_address:
            from sitrep.pipeline.ray import analyse_on_ray

            analysed = analyse_on_ray(
                stream, fresh, actor_files=extractor.actor_files,
                conflict_start=extractor.options.conflict_start, address=ray_address,
                workers=workers,
            )
        else:
            analysed = _analyse_all(stream, fresh, extractor, workers)
        for item, analysis in analysed:
            if isinstance(item, FailedDocument):
                result.failures.append(item)
                store.put_failure(item)
                if on_failure:
                    on_failure(item)
                continue
            result.documents_ok += 1
            if analysis is None:
                result.documents_reused += 1
                store.touch_document(item)
                continue
            store.put_document(item, analysis.mentions, version, analysis.statements)
        result.mentions, result.events = _reconcile(store, extractor.registry)
        from sitrep.outputs.export import write_outputs

        result.outputs = write_outputs(store, out)
        from sitrep.outputs.profiles import write_profiles

        result.outputs.update(write_profiles(store, extractor.registry, out))
        if report:
            from sitrep.outputs.report import write_report

            result.outputs["report"] = write_report(store, out / "report.html")
    result.outputs["store"] = out / STORE_NAME
    result.seconds = time.perf_counter() - started
    return result


def _reconcile(store: Store, registry: ActorRegistry) -> tuple[int, int]:
    """Recompute events from every stored mention; returns (mentions, events)."""
    mentions = store.mentions()
    countries = Counter(iso3(m.place) for m in mentions if m.place is not None)
    default = countries.most_common(1)[0][0] if countries else "XXX"
    docs = {d["doc_id"]: d for d in store.documents() if d["doc_id"]}
    publishers = {k: d["publisher"] or d["doc_file"] for k, d in docs.items()}
    sides = {a.name: a.side for a in registry.actors}
    events = merge(mentions, default_iso3=default, sides=sides, publishers=publishers)
    rows = []
    links: dict[str, str] = {}
    for e in events:
        published = [docs[d]["published"] for d in e.doc_ids if docs.get(d, {}).get("published")]
        stamp = calendar.timegm(max(published).timetuple()) if published else 0
        rows.append(event_row(e, publishers, _interaction(e.inter1, e.inter2), stamp))
        links.update({mid: e.event_id_cnty for mid in e.mention_ids})
    store.put_events(rows, links)
    store.replace_rows("claims", [claim_row(c) for e in events for c in e.claims])
    from sitrep.outputs.control import build_control

    store.replace_rows("control", build_control(store))
    return len(mentions), len(events)


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    return interaction(inter1, inter2)
