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
    analyse_in_worker_without_vectors,
    init_worker,
    set_worker_extractor,
)
from sitrep.records import Document, FailedDocument, StoredDocument

Item = Document | FailedDocument | StoredDocument  # a StoredDocument is never analysed


def analyse_all(
    items: Iterator[Item],
    fresh: Callable[[Document], bool],
    extractor: Extractor,
    workers: int,
) -> Iterator[tuple[Item, Analysis | None]]:
    """Pair each item with its analysis (None: failed or already stored), in input order.

    On Linux, ``workers`` processes forked from this one after it loaded the models
    (:func:`_analyse_forked`). Sentences are embedded later, by the merge, only those it
    compares (:func:`sitrep.merge.events.sentence_vectors`). Elsewhere (spawned workers,
    which load their own models), ``workers`` analysing processes in all: this one and
    ``workers - 1`` pool processes; this process analyses a document itself whenever the
    pool already has ``2 * (workers - 1)`` in flight, so it does its share instead of
    waiting, and one model load fewer is paid. A bounded window of documents is in flight, so memory
    stays bounded however large the corpus.
    """
    if workers == 1:
        for item in items:
            todo = isinstance(item, Document) and fresh(item)
            yield item, analyse_document_full(item, extractor) if todo else None
        return
    if _can_fork():
        yield from _analyse_forked(items, fresh, extractor, workers)
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
        _kill(pool)  # Ctrl+C, SIGTERM or an error
        raise
    else:
        pool.shutdown()


def _can_fork() -> bool:
    """Workers can be forked from this process (Linux: fork is safe with the libraries
    loaded here; macOS and Windows spawn them). ``SITREP_START_METHOD=spawn`` forces
    spawned workers."""
    import multiprocessing

    wanted = os.environ.get("SITREP_START_METHOD", "").strip().lower()
    return (sys.platform.startswith("linux") and wanted in {"", "fork"}
            and "fork" in multiprocessing.get_all_start_methods())


def _analyse_forked(
    items: Iterator[Item],
    fresh: Callable[[Document], bool],
    extractor: Extractor,
    workers: int,
) -> Iterator[tuple[Item, Analysis | None]]:
    """:func:`analyse_all` with ``workers`` processes forked from this one once it has
    loaded the pipeline, gazetteer and sentence encoder: a worker starts in milliseconds
    and shares those pages copy-on-write, instead of importing and loading everything
    again (seconds of CPU each). This process hands out documents and collects the
    results in input order, so no worker waits while it analyses a long document itself.

    No pool is started when no document needs analysing (a rebuild of an unchanged store).
    """
    import gc
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, wait

    plain = analyse_in_worker_without_vectors

    window: deque[tuple[Item, Future | None]] = deque()
    depth = 2 * workers  # documents queued on the pool: none of its processes idles
    bound = 4 * workers + depth  # documents held at most (memory stays bounded)
    pool: Executor | None = None
    try:
        for item in items:
            future: Future | None = None
            if isinstance(item, Document) and fresh(item):
                running = [f for _, f in window if f is not None and not f.done()]
                if len(running) >= depth:
                    wait(running, return_when=FIRST_COMPLETED)
                if pool is None:
                    pool = _forked_pool(extractor, workers)
                    try:
                        future = _submit(pool, item, plain)  # forks the workers
                    finally:
                        gc.unfreeze()  # frozen by _forked_pool for the fork only
                else:
                    future = _submit(pool, item, plain)
            window.append((item, future))
            while window and (window[0][1] is None or window[0][1].done()
                              or len(window) > bound):
                done, future = window.popleft()
                yield done, future.result() if future is not None else None
        while window:
            done, future = window.popleft()
            yield done, future.result() if future is not None else None
    except BaseException:
        if pool is not None:
            _kill(pool)  # Ctrl+C, SIGTERM or an error
        raise
    else:
        if pool is not None:
            pool.shutdown()


def _forked_pool(extractor: Extractor, workers: int) -> Executor:
    """A pool of ``workers`` processes forked (at the first submit) from this one, with
    everything a worker needs loaded first and the loaded objects frozen out of the
    cyclic garbage collector (whose passes would otherwise touch, and so copy, the
    shared pages in every worker)."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from sitrep.pipeline.analyse import preload

    preload(extractor)
    set_worker_extractor(extractor)
    gc.collect()
    gc.freeze()  # undone once the workers are forked
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"),
        initializer=init_forked_worker, initargs=(os.getpid(),),
    )


def _kill(pool: Executor) -> None:
    """Drop the queued work and stop the workers now (a worker would otherwise finish its
    document, up to minutes, before exiting)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


def _here(item: Document, extractor: Extractor) -> Future:
    """Analyse one document in this process; its result as a finished future."""
    future: Future = Future()
    future.set_result(analyse_document_full(item, extractor))
    return future


def _submit(
    pool: Executor, item: Document,
    task: Callable[[Document], Analysis] = analyse_in_worker_without_vectors,
) -> Future:
    """Submit with SIGINT blocked: a worker the pool starts now inherits the blocked mask,
    so Ctrl+C (sent to the whole group) never interrupts it mid-start with a traceback;
    a Ctrl+C meanwhile stays pending and reaches this process right after."""
    if not hasattr(signal, "pthread_sigmask"):
        return pool.submit(task, item)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(task, item)
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


def init_forked_worker(parent_pid: int) -> None:
    """Initializer of a forked worker: die with the build; Ctrl+C and SIGTERM are the
    build's to handle (the extractor came with the fork)."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def init_local_worker(
    parent_pid: int, actor_files: tuple[str, ...], conflict_start: date | None,
    model_spec: str = "", country: str = "",
) -> None:
    """Process-pool initializer: die with the build, then load the extractor."""
    die_with_parent(parent_pid)
    init_worker(actor_files, conflict_start, model_spec, country)
