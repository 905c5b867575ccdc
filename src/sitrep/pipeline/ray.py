"""Run the per-document stage on a Ray cluster, unchanged.

Each Ray actor loads the extractor once (as a process-pool worker does) and
analyses the documents sent to it with the very function the local path uses,
so a cluster build writes the same store and files as a one-process build.
Results come back in input order; only a bounded window of documents is in
flight, so the driver's memory stays bounded however large the corpus.

Install with ``pip install 'sitrep[ray]'``; every node needs sitrep installed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sitrep.errors import UsageError
from sitrep.pipeline.analyse import Analysis, analyse_in_worker_without_vectors, init_worker
from sitrep.records import Document

LOCAL = "local"  # start a private Ray instance on this machine


class _Worker:
    """A Ray actor holding one loaded extractor."""

    def __init__(self, actor_files: tuple[str, ...], conflict_start: date | None,
                 model_spec: str = "", country: str = "") -> None:
        init_worker(actor_files, conflict_start, model_spec, country)

    def analyse(self, document: Document) -> Analysis:
        return analyse_in_worker_without_vectors(document)  # the merge embeds what it compares


def _connect(address: str, workers: int) -> bool:
    """Start or join Ray; True when this call started it (and must shut it down)."""
    try:
        import ray
    except ImportError as exc:
        raise UsageError(
            "--ray needs the Ray package: pip install 'sitrep[ray]'"
        ) from exc
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options: dict[str, Any] = {
        "include_dashboard": False, "log_to_driver": False, "configure_logging": False,
    }
    try:
        if address == LOCAL:
            ray.init(num_cpus=workers, **options)
        else:
            ray.init(address=address, **options)
    except Exception as exc:  # Ray raises many kinds; the user needs one line
        raise UsageError(f"cannot start or reach Ray at {address!r}: {exc}") from exc
    return True


def analyse_on_ray(
    items: Iterator[Any],
    fresh: Callable[[Any], bool],
    *,
    actor_files: tuple[str, ...],
    conflict_start: date | None,
    model_spec: str = "",
    country: str = "",
    address: str = LOCAL,
    workers: int = 2,
) -> Iterator[tuple[Any, Any]]:
    """Pair each item with its analysis (None: failed or already stored), in input order.

    ``fresh(document)`` says whether a document needs analysing; failed inputs and
    stored documents pass through without a round trip to the cluster.
    """
    import ray

    started = _connect(address, workers)
    try:
        remote = ray.remote(_Worker)
        pool = [remote.remote(actor_files, conflict_start, model_spec, country)
                for _ in range(workers)]
        window: deque[tuple[Any, Any]] = deque()
        turn = 0
        for item in items:
            ref = None
            if isinstance(item, Document) and fresh(item):
                ref = pool[turn % len(pool)].analyse.remote(item)
                turn += 1
            window.append((item, ref))
            while len(window) > 2 * len(pool):
                done, ref = window.popleft()
                yield done, ray.get(ref) if ref is not None else None
        while window:
            done, ref = window.popleft()
            yield done, ray.get(ref) if ref is not None else None
    finally:
        if started:
            ray.shutdown()
