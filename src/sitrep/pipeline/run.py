"""``sitrep.build``: files → documents → mentions per document → merged events → outputs.

The per-document stage (:mod:`sitrep.pipeline.analyse`) is a pure function of the
document and the loaded pipeline, so it runs in this process, in worker processes
(:mod:`sitrep.pipeline.local`) or on a Ray cluster (:mod:`sitrep.pipeline.ray`)
unchanged; everything after it reads the store.
"""

from __future__ import annotations

import calendar
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep import ingest
from sitrep.errors import UsageError, check_stop
from sitrep.merge.copies import find_copies, source_keys
from sitrep.merge.events import iso3, merge
from sitrep.nlp.actors import ActorRegistry, interaction
from sitrep.pipeline.analyse import Analysis, Extractor, make_extractor
from sitrep.pipeline.local import Item, analyse_all
from sitrep.records import Document, FailedDocument
from sitrep.store import DOCUMENT_COLUMNS, STORE_NAME, Store, claim_row, event_row
from sitrep.store.lock import open_for_build

if TYPE_CHECKING:
    from sitrep.store.vectors import CachedEncoder

DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class BuildResult:
    """What a build did, for the CLI summary and for callers."""

    out_dir: Path
    documents_ok: int = 0
    documents_reused: int = 0
    failures: list[FailedDocument] = field(default_factory=list)
    mentions: int = 0  # in the whole store after this build (earlier builds included)
    events: int = 0  # idem
    store_documents: int = 0  # documents in the whole store after this build
    seconds: float = 0.0
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def documents_failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """One line: this run's documents ok/failed, then what the whole store holds."""
        reused = f" ({self.documents_reused} unchanged)" if self.documents_reused else ""
        return (
            f"{self.documents_ok} documents ok{reused}, {self.documents_failed} failed "
            f"in {self.seconds:.1f} s; the store now holds {self.store_documents} documents, "
            f"{self.mentions} mentions, {self.events} events"
        )


def _progress(items: Iterator, total: int, enabled: bool) -> Iterator:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit="doc", file=sys.stderr, leave=False))


def country_name(name: str) -> str:
    """The gazetteer's (ACLED's) name of a country given in any of its ISO spellings
    ("Kenya", "KE", "Republic of Kenya"); a one-line :class:`UsageError` if unknown."""
    from sitrep.nlp.geo.gazetteer import default_gazetteer
    from sitrep.nlp.geo.normalize import _key

    gazetteer = default_gazetteer()
    found = gazetteer._country_keys.get(_key(name.strip()))
    if not found:
        import pycountry

        try:
            alpha2 = pycountry.countries.lookup(name.strip()).alpha_2
        except LookupError:
            alpha2 = ""
        found = gazetteer._countries.get(alpha2, (0, "", ""))[1]
    if not found:
        raise UsageError(f"unknown country {name!r}: give its English name or ISO code, "
                         "e.g. 'Burkina Faso' or 'KE'")
    return found


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
    published: date | None = None,
    model: str | Path | bool | None = None,
    country: str | None = None,
) -> BuildResult:
    """Build (or update) the store in ``out_dir`` from input files and folders.

    Documents already in the store, analysed by the same extractor version, are
    not analysed again. Bad files are recorded (``documents.csv`` status=error)
    and the rest of the batch goes on. ``workers`` > 1 analyses documents in that
    many processes; with ``ray_address`` ("local", "auto" or a cluster address) in
    that many Ray actors. Results are stored in input order, so the output is the same.
    ``published`` is the publication date of documents that state none (no metadata
    or byline date); events nothing dates keep a blank date and the tag ``undated``.
    ``model``: the learned event model (a folder from ``sitrep train``; True the packaged
    one; False none; None the default, see ``data/model/hook.yaml``).
    ``country``: the country the corpus is about, for documents that name none (their
    small towns, "police", "civilians"); a document that names its own country keeps it.
    """
    if workers < 1:
        raise UsageError(f"workers must be at least 1, not {workers}")
    started = time.perf_counter()
    if not inputs:
        raise UsageError("no input files or folders given")
    with fewer_collections():
        return _build(inputs, out_dir, started, conflict_start=conflict_start,
                      actor_files=actor_files, max_bytes=max_bytes, progress=progress,
                      report=report, on_failure=on_failure, workers=workers,
                      ray_address=ray_address, published=published, model=model,
                      country=country)


GC_YOUNG = 50_000  # allocations between two young-generation collections during a build


@contextmanager
def fewer_collections(young: int = GC_YOUNG) -> Iterator[None]:
    """Run the cyclic garbage collector less often (the young generation every ``young``
    allocations instead of Python's 700; the older generations as before, relative to
    it), then restore the thresholds. A build allocates millions of short-lived objects
    (tokens, spans, rows) and frees nearly all of them by reference counting; each young
    collection also walks what survived since the last one, so at Python's default the
    collector took about 5 % of a 5-copy build's CPU (0.8 s in 1,080 collections, 0.2 s
    at 50,000). Results do not depend on when cycles are freed. Forked ``-j N`` workers
    inherit the setting."""
    before = gc.get_threshold()
    gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    started: float,
    *,
    conflict_start: date | None,
    actor_files: Sequence[str | Path],
    max_bytes: int,
    progress: bool,
    report: bool,
    on_failure: Callable[[FailedDocument], None] | None,
    workers: int,
    ray_address: str | None,
    published: date | None,
    model: str | Path | bool | None,
    country: str | None,
) -> BuildResult:
    paths = list(ingest.iter_paths(inputs))
    out = _output_folder(Path(out_dir))
    extractor = make_extractor(actor_files, conflict_start, model,
                               country_name(country) if country else "")
    version = extractor.version()
    if published is not None:  # documents read with another default date are re-read
        version = f"{version}@{published.isoformat()}"
    result = BuildResult(out_dir=out)
    with open_for_build(out / STORE_NAME) as store:  # published atomically at the end
        # a file whose text is stored under this version is identified, not read again
        stored = lambda doc_id: store.extractor_of(doc_id) == version  # noqa: E731
        items = ingest.iter_documents(paths, max_bytes=max_bytes, published=published,
                                      stored=stored)
        fresh = lambda d: not stored(d.doc_id)  # noqa: E731
        stream = _progress(items, len(paths), progress)
        analysed = _analyse(stream, fresh, extractor, workers, ray_address)
        _store_analysed(store, analysed, version, result, on_failure)
        check_stop()
        result.mentions, result.events = _reconcile(store, extractor.registry)
        check_stop()
        result.store_documents = sum(
            1 for d in store.documents(["status"]) if d["status"] == "ok")
        result.outputs = _write_outputs(store, extractor.registry, out, report)
        check_stop()  # before the store is published: a stop keeps the old one
    result.outputs["store"] = out / STORE_NAME
    result.seconds = time.perf_counter() - started
    return result


def _output_folder(out: Path) -> Path:
    """Create ``--out`` (and its parents); a file in the way is a usage error."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder; give a folder path")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror or exc})") from exc
    return out


def _analyse(
    stream: Iterator[Item],
    fresh: Callable[[Document], bool],
    extractor: Extractor,
    workers: int,
    ray_address: str | None,
) -> Iterator[tuple[Item, Analysis | None]]:
    """Each item with its analysis, from the local pool or from Ray, in input order."""
    if not ray_address:
        return analyse_all(stream, fresh, extractor, workers)
    from sitrep.pipeline.ray import analyse_on_ray

    return analyse_on_ray(
        stream, fresh, actor_files=extractor.actor_files,
        conflict_start=extractor.options.conflict_start, address=ray_address,
        model_spec=extractor.model_spec, country=extractor.options.country,
        workers=workers,
    )


def _store_analysed(
    store: Store,
    analysed: Iterable[tuple[Item, Analysis | None]],
    version: str,
    result: BuildResult,
    on_failure: Callable[[FailedDocument], None] | None,
) -> None:
    """Store each document's analysis (or its failure, or that it was seen again), and
    the sentence vectors it brings, if any (only under the model this process would use;
    a build's analyses bring none: the merge embeds the sentences it compares)."""
    tag = ""
    for item, analysis in analysed:
        check_stop()
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
        store.put_document(item, analysis.mentions, version, analysis.statements,
                           analysis.actor_facts)
        if analysis.vectors:
            from sitrep.nlp import embed
            from sitrep.store.vectors import put_vectors

            tag = tag or (embed.model_tag() if embed.available() else "")
            if tag and analysis.vector_tag == tag:
                put_vectors(store.con, tag, analysis.vectors)


def _write_outputs(
    store: Store, registry: ActorRegistry, out: Path, report: bool
) -> dict[str, Path]:
    """CSV/GeoJSON files, actor profiles and (optionally) the HTML report."""
    from sitrep.outputs.export import write_outputs
    from sitrep.outputs.profiles import write_profiles

    outputs = write_outputs(store, out)
    outputs.update(write_profiles(store, registry, out))
    if report:
        from sitrep.outputs.report import write_report

        outputs["report"] = write_report(store, out / "report.html")
    return outputs


def _reconcile(store: Store, registry: ActorRegistry) -> tuple[int, int]:
    """Recompute events from every stored mention; returns (mentions, events)."""
    mentions = store.mentions()
    countries = Counter(iso3(m.place) for m in mentions if m.place is not None)
    default = countries.most_common(1)[0][0] if countries else "XXX"
    docs = {d["doc_id"]: d for d in store.documents(DOCUMENT_COLUMNS) if d["doc_id"]}
    publishers = {k: d["publisher"] or d["doc_file"] for k, d in docs.items()}
    copies = find_copies(store.document_texts())  # near-copies count as one source
    store.set_copies(copies)
    sources = source_keys(docs, publishers, copies)
    sides = {a.name: a.side for a in registry.actors}
    encoder = _encoder(store)
    events = merge(mentions, default_iso3=default, sides=sides, publishers=sources,
                   statements=store.statements(), encoder=encoder)
    if encoder is not None:
        encoder.flush()  # the sentences the merge embedded, kept for the next build
    rows = []
    links: dict[str, str] = {}
    for e in events:
        published = [docs[d]["published"] for d in e.doc_ids if docs.get(d, {}).get("published")]
        stamp = calendar.timegm(max(published).timetuple()) if published else 0
        rows.append(event_row(e, publishers, _interaction(e.inter1, e.inter2), stamp, sources))
        links.update({mid: e.event_id_cnty for mid in e.mention_ids})
    store.put_events(rows, links)
    store.replace_rows("claims", [claim_row(c, sources) for e in events for c in e.claims])
    from sitrep.outputs.control import build_control

    store.replace_rows("control", build_control(store))
    return len(mentions), len(events)


def _encoder(store: Store) -> CachedEncoder | None:
    """Sentence embeddings through the store's cache (None without the model: the merge
    then matches lexically); new vectors are stored by ``flush``."""
    from sitrep.nlp import embed
    from sitrep.store.vectors import cached_encoder

    tag = embed.model_tag()
    return cached_encoder(store.con, embed.encode, tag, defer=True) if tag else None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    return interaction(inter1, inter2)
