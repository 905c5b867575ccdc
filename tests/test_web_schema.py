"""The API against its own OpenAPI schema (schemathesis on a real server), and its edges:
out-of-range numbers, empty dates, HEAD, unknown methods, human mistakes on pages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sitrep.web import BackgroundServer, create_app


@pytest.fixture(scope="module")
def server(formula_build) -> Iterator[str]:
    with BackgroundServer(create_app(formula_build.out_dir)) as running:
        yield running.url


def test_web_schemathesis_finds_no_server_error_or_undocumented_answer(server, tmp_path) -> None:
    """Bounded: fixed seed, few examples per operation, a one-minute budget."""
    st = Path(sys.executable).with_name("schemathesis")
    proc = subprocess.run(
        [str(st), "run", f"{server}/openapi.json",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance",
         "--max-examples", "15", "--seed", "13", "--max-time", "60", "--workers", "1",
         "--generation-deterministic", "--no-shrink", "--request-timeout", "10",
         "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,  # its cache goes there
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "No issues found" in proc.stdout or "passed" in proc.stdout, proc.stdout[-2000:]


def test_web_api_out_of_range_offset_is_422_not_503(server) -> None:
    r = httpx.get(f"{server}/api/events", params={"offset": "9223372036854775808"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_parameter" and "offset" in err["message"]


def test_web_api_empty_date_is_422(server) -> None:
    for path, param in [("/api/events", "date_from"), ("/api/control", "date")]:
        r = httpx.get(f"{server}{path}", params={param: ""})
        assert r.status_code == 422, path
        assert r.json()["error"]["code"] == "invalid_parameter"


def test_web_head_answers_where_get_does(server) -> None:
    for path in ["/api/events", "/api/documents?format=csv", "/events", "/documents"]:
        get, head = httpx.get(server + path), httpx.head(server + path)
        assert get.status_code == 200, path
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path


def test_web_other_methods_are_405_with_allow(server) -> None:
    for method in ["TRACE", "POST", "DELETE"]:
        r = httpx.request(method, f"{server}/api/events")
        assert r.status_code == 405, method
        assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
        assert r.json()["error"]["code"] == "method_not_allowed"


def test_web_pages_answer_mistakes_with_a_page_api_with_json(server) -> None:
    browser = {"accept": "text/html,application/xhtml+xml"}
    page = httpx.get(f"{server}/events/NOPE999", headers=browser)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    api = httpx.get(f"{server}/api/events/NOPE999", headers=browser)
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
