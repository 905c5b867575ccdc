"""The JSON API over a real HTTP server (uvicorn on a free loopback port) and the example store."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sitrep.errors import UsageError
from sitrep.web import BackgroundServer, create_app, locate

KEY_FIELDS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
              "admin1", "admin2", "location", "fatalities", "status")


@pytest.fixture(scope="module")
def client(example_build) -> Iterator[httpx.Client]:
    with BackgroundServer(create_app(example_build.out_dir)) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=server.url, timeout=10) as c:
            yield c


@pytest.fixture(scope="module")
def events_csv(example_build) -> tuple[list[str], list[dict[str, str]]]:
    text = (Path(example_build.out_dir) / "events.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def _panjshir_early_september(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["admin1"].lower() == "panjshir"
            and "2021-09-01" <= r["event_date"] <= "2021-09-10"]


FILTER = {"admin1": "Panjshir", "date_from": "2021-09-01", "date_to": "2021-09-10"}


def test_web_api_filter_matches_events_csv(client, events_csv) -> None:
    _, rows = events_csv
    expected = _panjshir_early_september(rows)
    assert expected, "the example build should have Panjshir events in early September 2021"
    r = client.get("/api/events", params={**FILTER, "limit": 1000})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(expected) and body["offset"] == 0 and body["limit"] == 1000
    assert [e["event_id_cnty"] for e in body["items"]] == [e["event_id_cnty"] for e in expected]
    for got, want in zip(body["items"], expected, strict=True):
        for key in KEY_FIELDS:
            value = got[key]
            assert ("" if value is None else str(value)) == want[key], key


def test_web_api_pagination_covers_the_list_once(client) -> None:
    whole = client.get("/api/events", params={**FILTER, "limit": 1000}).json()
    ids, offset = [], 0
    while True:
        page = client.get("/api/events", params={**FILTER, "limit": 3, "offset": offset}).json()
        assert page["total"] == whole["total"] and page["limit"] == 3
        if not page["items"]:
            break
        assert len(page["items"]) <= 3
        ids += [e["event_id_cnty"] for e in page["items"]]
        offset += 3
    assert ids == [e["event_id_cnty"] for e in whole["items"]]
    default = client.get("/api/events").json()
    assert default["limit"] == 50 and len(default["items"]) == min(50, default["total"])


def test_web_api_csv_equals_filtered_events_csv(client, events_csv) -> None:
    header, rows = events_csv
    r = client.get("/api/events", params={**FILTER, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    got = list(csv.reader(io.StringIO(r.text)))
    assert got[0] == header
    expected = _panjshir_early_september(rows)
    assert got[1:] == [[row[c] for c in header] for row in expected]
    full = client.get("/api/events", params={"format": "csv"}).text
    assert len(list(csv.reader(io.StringIO(full)))) == len(rows) + 1


def test_web_api_other_filters(client, events_csv) -> None:
    _, rows = events_csv
    actor = next(r["actor2"] for r in rows if r["actor2"])
    probe = actor.split()[0].lower()
    want = [r["event_id_cnty"] for r in rows if any(
        probe in r[c].lower() for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"))]
    got = client.get("/api/events", params={"actor": probe.upper(), "limit": 1000}).json()
    assert [e["event_id_cnty"] for e in got["items"]] == want
    etype = rows[0]["event_type"]
    status = rows[0]["status"]
    got = client.get("/api/events", params={"event_type": etype, "status": status,
                                            "limit": 1000}).json()
    assert got["total"] == sum(1 for r in rows if r["event_type"] == etype
                               and r["status"] == status)
    word = next(r["location"] for r in rows if r["location"])[:4].lower()
    got = client.get("/api/events", params={"q": word, "limit": 1000}).json()
    assert got["total"] > 0 and got["total"] == sum(1 for r in rows if any(
        word in r[c].lower() for c in ("notes", "evidence", "location")))


def test_web_api_event_and_document_detail(client) -> None:
    first = client.get("/api/events", params={**FILTER, "limit": 1}).json()["items"][0]
    event = client.get(f"/api/events/{first['event_id_cnty']}").json()
    assert event["event_id_cnty"] == first["event_id_cnty"]
    assert event["mentions"], "an event has at least one source mention"
    m = event["mentions"][0]
    doc = client.get(f"/api/documents/{m['doc_id']}").json()
    assert doc["text"][m["char_start"]:m["char_end"]] == m["evidence"]
    assert m["mention_id"] in {x["mention_id"] for x in doc["mentions"]}
    assert m["url"].endswith(f"#m-{m['mention_id']}")
    docs = client.get("/api/documents").json()
    assert docs["total"] == 3 and "text" not in docs["items"][0]


@pytest.mark.parametrize(("url", "status", "param"), [
    ("/api/events?date_from=2021-02-30", 422, "date_from"),
    ("/api/events?date_to=yesterday", 422, "date_to"),
    ("/api/events?date_from=2021-09-10&date_to=2021-09-01", 422, "date_to"),
    ("/api/events?limit=-5", 422, "limit"),
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?offset=-1", 422, "offset"),
    ("/api/events?format=xml", 422, "format"),
    ("/api/control", 422, "date"),
    ("/api/control?date=2021-9-6x", 422, "date"),
])
def test_web_api_bad_parameters_have_one_error_shape(client, url, status, param) -> None:
    r = client.get(url)
    assert r.status_code == status
    err = r.json()["error"]
    assert set(err) == {"status", "code", "message", "detail"}
    assert err["status"] == status and err["code"] == "invalid_parameter"
    assert param in err["message"]
    assert any(d["param"] == param for d in err["detail"])


@pytest.mark.parametrize("url", ["/api/events/XXX999", "/api/documents/nope", "/api/nothing"])
def test_web_api_unknown_ids_are_404_json(client, url) -> None:
    r = client.get(url)
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["status"] == 404 and err["code"] == "not_found" and err["message"]


def test_web_api_security_headers_everywhere(client) -> None:
    for url in ("/api/events", "/events", "/api/events/XXX999", "/static/app.css", "/docs",
                "/openapi.json", "/documents"):
        csp = client.get(url).headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp, url
        # the app runs no script but the map page's own zoom script (sitrep.web.map)
        assert "script-src" not in csp or (url == "/events" and "script-src 'self';" in csp), url
    report = client.get("/report")
    assert report.status_code == 200 and "script-src 'sha256-" in report.headers[
        "content-security-policy"]


def test_web_api_openapi_lists_the_endpoints(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/claims", "/api/control",
              "/api/actors", "/api/documents", "/api/documents/{doc_id}"):
        assert p in paths
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"date_from", "date_to", "event_type", "sub_event_type", "actor", "admin1",
            "admin2", "status", "q", "limit", "offset", "format"} <= names
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/control" in docs.text and "<script" not in docs.text


def test_web_api_lists_degrade_without_optional_tables(client) -> None:
    control = client.get("/api/control", params={"date": "2021-09-06"}).json()
    assert control["date"] == "2021-09-06" and isinstance(control["available"], bool)
    claims = client.get("/api/claims").json()
    assert claims["source"] in {"claims", "mentions"} and claims["total"] >= len(claims["items"])
    actors = client.get("/api/actors", params={"format": "csv"})
    assert actors.status_code == 200 and actors.text.count("\n") >= 2


def test_web_locate_and_missing_store(example_build, tmp_path) -> None:
    text = locate(example_build.out_dir, port=8123)
    assert "file://" in text and "report.html" in text
    assert "http://127.0.0.1:8123/" in text and "sitrep serve" in text
    with pytest.raises(UsageError, match="sitrep build"):
        create_app(tmp_path)
    with pytest.raises(UsageError):
        locate(tmp_path / "missing")


HASH_LIST_LIMIT = 3


def test_web_api_list_gives_a_source_count_and_link_not_every_document(client) -> None:
    items = client.get("/api/events", params={"limit": 1000}).json()["items"]
    for e in items:
        assert len([d for d in (e["doc_ids"] or "").split(";") if d]) <= HASH_LIST_LIMIT
        assert e["url"] == f"/events/{e['event_id_cnty']}" and e["api_url"] == "/api" + e["url"]
    many = max(items, key=lambda e: e["sources_count"] or 0)
    full = client.get(many["api_url"]).json()
    assert {m["doc_id"] for m in full["mentions"]} >= set(many["doc_ids"].split(";"))
    named = full["mentions"][0]["source"]
    assert named["file"].endswith(".txt") and named["label"] and named["doc_id"] not in \
        named["label"]


def test_web_api_claims_paged_in_sql_with_names(client) -> None:
    whole = client.get("/api/claims", params={"limit": 1000}).json()
    assert whole["source"] == "claims" and whole["total"] == len(whole["items"]) > 10
    page = client.get("/api/claims", params={"limit": 4, "offset": 6}).json()
    assert page["total"] == whole["total"] and page["items"] == whole["items"][6:10]
    assert page["items"][0]["source"]["file"].endswith(".txt")
    past = client.get("/api/claims", params={"limit": 4, "offset": 10**6}).json()
    assert past["items"] == [] and past["total"] == whole["total"]
    claimed = client.get("/api/claims", params={"status": "claimed", "limit": 1000}).json()
    assert claimed["total"] == sum(1 for c in whole["items"] if c["status"] == "claimed")


def test_web_api_contested_facts_put_each_side_together(client) -> None:
    body = client.get("/api/contested", params={"limit": 1000}).json()
    assert body["by"] == "figure" and body["total"] == len(body["items"]) > 0
    assert {f["subject"] for f in body["items"]} <= {"fatalities", "captured", "control"}
    two = [f for f in body["items"] if len(f["parties"]) >= 2]
    assert two, "some figure is asserted by two parties"
    for a in two[0]["assertions"]:
        assert a["quote"] and a["source"]["label"] and a["party"]
    single = client.get("/api/contested", params={"flag": "single party", "limit": 1000}).json()
    assert single["items"] and all(len(f["parties"]) == 1 for f in single["items"])
    eid = two[0]["event_ids"][0]
    event = client.get(f"/api/events/{eid}").json()
    assert event["facts"] and all(eid in f["event_ids"] for f in event["facts"])


def test_web_api_memory_answers_match_the_store(client, example_build) -> None:
    """The events, documents and control answered from memory are the store's rows in the
    store's order (as the SQL the routes used to run gives them)."""
    import duckdb

    con = duckdb.connect(str(Path(example_build.out_dir) / "sitrep.duckdb"), read_only=True)
    try:
        events = con.execute("SELECT event_id_cnty, mention_ids FROM events "
                             "ORDER BY event_date, event_id_cnty").fetchall()
        whole = client.get("/api/events", params={"limit": 1000}).json()
        assert [e["event_id_cnty"] for e in whole["items"]] == [e for e, _ in events]
        for eid, mids in events[:40]:
            want = [r[0] for r in con.execute(
                "SELECT mention_id FROM mentions WHERE event_id_cnty = ? "
                "OR list_contains(?, mention_id) ORDER BY doc_file, char_start, mention_id",
                [eid, [m for m in (mids or "").split(";") if m]]).fetchall()]
            got = client.get(f"/api/events/{eid}").json()
            assert [m["mention_id"] for m in got["mentions"]] == want, eid
            assert "mention_ids" not in got and got["url"] == f"/events/{eid}"
        for (doc_id,) in con.execute("SELECT doc_id FROM documents").fetchall():
            want = [r[0] for r in con.execute(
                "SELECT mention_id FROM mentions WHERE doc_id = ? "
                "ORDER BY char_start, char_end, mention_id", [doc_id]).fetchall()]
            got = client.get(f"/api/documents/{doc_id}").json()
            assert [m["mention_id"] for m in got["mentions"]] == want and got["text"]
        days = [r[0] for r in con.execute(
            "SELECT DISTINCT event_date FROM events WHERE event_date IS NOT NULL "
            "ORDER BY 1").fetchall()]
        for day in days[:: max(1, len(days) // 12)]:
            want = con.execute(
                "SELECT count(*) FROM control WHERE (date_from IS NULL OR date_from <= ?) "
                "AND (date_to IS NULL OR date_to >= ?)", [day, day]).fetchone()[0]
            got = client.get("/api/control", params={"date": day.isoformat(),
                                                     "limit": 1000}).json()
            assert got["total"] == len(got["items"]) == want and got["available"] is True
    finally:
        con.close()


@pytest.mark.parametrize(("fast", "routed"), [
    ("/api/events?limit=7&offset=3", "/api/events?limit=7&offset=3&actor="),
    ("/api/events", "/api/events?offset=0&offset=0"),
    ("/api/control?date=2021-09-06&limit=2", "/api/control?date=2021-09-06&limit=2&limit=2"),
])
def test_web_api_memory_answer_is_the_routes_answer(client, fast, routed) -> None:
    """The same bytes and headers whether the answer comes from memory or the route (a
    blank filter or a repeated parameter sends a request on to the route)."""
    a, b = client.get(fast), client.get(routed)
    assert a.status_code == b.status_code == 200
    assert a.content == b.content
    for name in ("content-type", "content-length", "content-security-policy",
                 "x-content-type-options"):
        assert a.headers[name] == b.headers[name], name
    head = client.head(fast)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == a.headers["content-length"]


def test_web_cache_one_family_scan_keeps_the_others(example_build, monkeypatch) -> None:
    """Pages of the events list each asked once do not push out the events' answers."""
    from sitrep.web import store as web_store

    monkeypatch.setattr(web_store, "CACHE_BYTES", 10_000)
    store = web_store.ReadOnlyStore(Path(example_build.out_dir) / "sitrep.duckdb")
    view = store.acquire()
    try:
        store.remember(view, "/api/events/E1?", "one event", 1_000)
        for i in range(100):
            store.remember(view, f"/api/events?offset={i}", "a page", 1_000)
        assert store.cached(view, "/api/events/E1?") == ("one event", 1_000)
        assert store.cached(view, "/api/events?offset=99") is not None
        assert store.cached(view, "/api/events?offset=0") is None  # its family's oldest
    finally:
        store.release(view)
        store.close()
