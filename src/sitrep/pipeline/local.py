"""Analyse documents in this process or in a local pool of worker processes."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from datetime import date

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

    ``workers`` analysing processes in all: this one and ``workers - 1`` pool processes.
    This process analyses a document itself whenever the pool already has
    ``2 * (workers - 1)`` in flight, so it does its share instead of waiting, and one
    model load fewer is paid. A bounded window of documents is in flight, so memory
    stays bounded however large the corpus.
    """
    if workers == 1:
        for item in items:
            todo = isinstance(item, Document) and fresh(item)
            yield item, analyse_document_full(item, extractor, vectors=True) if todo else None
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    window: deque[tuple[Item, Future | None]] = deque()
    depth = 2 * (workers - 1)  # documents queued on the pool: none of its processes idles
    bound = 4 * workers + depth  # documents held at most (memory stays bounded)
    pool = ProcessPoolExecutor(
        workers - 1, mp_context=ctx, initializer=init_local_worker,
        initargs=(os.getpid(), extractor.actor_files, extractor.options.conflict_start,
                  extractor.model_spec, extractor.options.country),
    )
    try:
        for item in items:
            future: Future | None = None
            if isinstance(item, Document) and fresh(item):
                queued = sum(1 for _, f in window if f is not None and not f.done())
                future = _submit(pool, item) if queued < depth else _here(item, extractor)
            window.append((item, future))
            while window and (window[0][1] is None or window[0][1].done()
                              or len(window) > bound):
                done, future = window.popleft()
                yield done, future.result() if future is not None else None
        while window:
            done, future = window.popleft()
            yield done, future.result() if future is not None else None
    except BaseException:
        # Ctrl+C, SIGTERM or an error: drop the queued work and stop the workers now
        # (a worker would otherwise finish its document, up to minutes, before exiting)
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        raise
    else:
        pool.shutdown()


def _here(item: Document, extractor: Extractor) -> Future:
    """Analyse one document in this process; its result as a finished future."""
    future: Future = Future()
    future.set_result(analyse_document_full(item, extractor, vectors=True))
    return future


def _submit(pool: Executor, item: Document) -> Future:
    """Submit with SIGINT blocked: a worker the pool starts now inherits the blocked mask,
    so Ctrl+C (sent to the whole group) never interrupts it mid-start with a traceback;
    a Ctrl+C meanwhile stays pending and reaches this process right after."""
    if not hasattr(signal, "pthread_sigmask"):
        return pool.submit(analyse_in_worker, item)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(analyse_in_worker, item)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def die_with_parent(parent_pid: int) -> None:
    """Make the kernel kill this process when its parent dies, even by ``kill -9``
    (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl: nobody will signal us
        os._exit(1)


def init_local_worker(
    parent_pid: int, actor_files: tuple[str, ...], conflict_start: date | None,
    model_spec: str = "", country: str = "",
) -> None:
    """Process-pool initializer: die with the build, then load the extractor."""
    die_with_parent(parent_pid)
    init_worker(actor_files, conflict_start, model_spec, country)
