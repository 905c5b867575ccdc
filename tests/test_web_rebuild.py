"""`sitrep serve` and `sitrep build` on the same folder: a real server, real build processes."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sitrep.pipeline.run import build
from sitrep.store import STORE_NAME, Store
from sitrep.store.lock import STAGING_SUFFIX, build_lock
from sitrep.web import BackgroundServer, create_app

SITREP = Path(sys.executable).parent / "sitrep"

# Invented reports (no real outlet's text).
FIRST = (
    "Regional security brief, 14 March 2023\n\n"
    "On 12 March 2023, the Sudanese Armed Forces clashed with the Rapid Support Forces in "
    "El Fasher, North Darfur. Local medics said 14 people were killed in the fighting.\n"
)
ADDED = (
    "Nyala clashes\n\n"
    "On Saturday, 18 March 2023, fighting broke out between the army and the Rapid Support "
    "Forces in Nyala, South Darfur; 9 people were killed.\n"
)
HAMMERED = ("/api/events?limit=1000", "/api/documents?limit=1000", "/events", "/documents",
            "/api/claims", "/api/control?date=2023-03-19")


def run_cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [str(SITREP), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"}, **kw,
    )


def write_inputs(root: Path) -> tuple[Path, Path]:
    first, added = root / "first", root / "added"
    first.mkdir(parents=True)
    added.mkdir()
    (first / "brief_fasher.txt").write_text(FIRST, encoding="utf-8")
    (added / "brief_nyala.txt").write_text(ADDED, encoding="utf-8")
    return first, added


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Served:
    out: Path
    added: Path
    client: httpx.Client


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("rebuild")
    first, added = write_inputs(root)
    out = root / "out"
    assert build([first], out, report=False).documents_ok == 1
    with BackgroundServer(create_app(out)) as server:
        with httpx.Client(base_url=server.url, timeout=20) as client:
            yield Served(out, added, client)


def _hammer(url: str, stop: threading.Event, seen: list[tuple[str, int, object]]) -> None:
    with httpx.Client(base_url=url, timeout=20) as c:
        while not stop.is_set():
            for path in HAMMERED:
                try:
                    r = c.get(path)
                    body = r.json() if path.startswith("/api/") else r.text
                except (httpx.HTTPError, ValueError) as exc:  # recorded, so the test fails
                    seen.append((path, -1, repr(exc)))
                    continue
                seen.append((path, r.status_code, body))


def test_web_rebuild_while_serving_shows_new_data_without_restart(served: Served) -> None:
    client = served.client
    old = client.get("/api/events", params={"limit": 1000}).json()
    assert client.get("/api/documents").json()["total"] == 1
    seen: list[tuple[str, int, object]] = []
    stop = threading.Event()
    hammers = [threading.Thread(target=_hammer, args=(str(client.base_url), stop, seen))
               for _ in range(3)]
    for t in hammers:
        t.start()
    try:
        proc = run_cli("build", str(served.added), "--out", str(served.out), "-q",
                       "--no-report")
        _, err = proc.communicate(timeout=120)
    finally:
        stop.set()
        for t in hammers:
            t.join(timeout=30)
    assert proc.returncode == 0, err
    assert len(seen) >= len(HAMMERED), "the API was queried while the build ran"
    for path, status, body in seen:
        assert status == 200, (path, status, body)
        if path.startswith("/api/events"):  # count and rows come from the same view
            assert body["total"] == len(body["items"])
        if path.startswith("/api/documents"):
            assert body["total"] in (1, 2)

    # the very next request sees the rebuilt store
    docs = client.get("/api/documents").json()
    assert sorted(d["doc_file"] for d in docs["items"]) == ["brief_fasher.txt", "brief_nyala.txt"]
    new_id = next(d["doc_id"] for d in docs["items"] if d["doc_file"] == "brief_nyala.txt")
    new = client.get("/api/events", params={"limit": 1000}).json()
    with (served.out / "events.csv").open(encoding="utf-8") as fh:
        expected = [r["event_id_cnty"] for r in csv.DictReader(fh)]
    assert [e["event_id_cnty"] for e in new["items"]] == expected
    assert new["total"] > old["total"]
    assert any(new_id in e["doc_ids"].split(";") for e in new["items"])
    doc = client.get(f"/api/documents/{new_id}").json()
    assert doc["mentions"] and "Nyala" in doc["text"]
    assert not (served.out / (STORE_NAME + STAGING_SUFFIX)).exists()


def test_web_rebuild_second_build_fails_fast_with_one_line(served: Served) -> None:
    store = served.out / STORE_NAME
    before = digest(store)
    with build_lock(store):  # as a running build holds it
        proc = run_cli("build", str(served.added), "--out", str(served.out), "-q")
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {store}: another sitrep build (pid {os.getpid()})")
    assert digest(store) == before
    assert served.client.get("/api/documents").status_code == 200


def test_web_rebuild_interrupted_build_keeps_the_old_store(tmp_path: Path) -> None:
    first, added = write_inputs(tmp_path)
    out = tmp_path / "out"
    build([first], out, report=False)
    store = out / STORE_NAME
    before = digest(store)
    staging = out / (STORE_NAME + STAGING_SUFFIX)
    with BackgroundServer(create_app(out)) as server:
        # as from a terminal: a test run started in the background ignores Ctrl+C, and a
        # child would inherit that; a handler (not 'ignore') is reset to the default on exec
        old_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            proc = run_cli("build", str(added), "--out", str(out), "-q",
                           start_new_session=True)
        finally:
            signal.signal(signal.SIGINT, old_handler)
        deadline = time.monotonic() + 60
        while not staging.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the build should still be analysing"
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and err.strip().splitlines()[-1] == "interrupted"
        assert digest(store) == before and not staging.exists()
        r = httpx.get(f"{server.url}/api/documents", timeout=20)
        assert r.status_code == 200 and r.json()["total"] == 1
        # the next build works, and the running app shows it
        assert build([added], out, report=False).documents_ok == 1
        r = httpx.get(f"{server.url}/api/documents", timeout=20)
        assert r.status_code == 200 and r.json()["total"] == 2
    with Store(store, read_only=True) as again:
        assert len(again.documents()) == 2
