"""Analyse documents in this process or in a local pool of worker processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sitrep.pipeline.analyse import (
    Analysis,
    Extractor,
    analyse_document_full,
    analyse_in_worker,
    init_worker,
)
from sitrep.records import Document, FailedDocument

Item = Document | FailedDocument


def analyse_all(
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
        workers, mp_context=ctx, initializer=init_worker,
        initargs=(extractor.actor_files, extractor.options.conflict_start),
    )
    try:
        for item in items:
            todo = isinstance(item, Document) and fresh(item)
            window.append((item, pool.submit(analyse_in_worker, item) if todo else None))
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
