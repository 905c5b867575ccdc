from __future__ import annotations

import base64
import hashlib
import re

from sitrep.outputs.report import page_assets, write_report
from test_report_html import TEXT_A, TEXT_B, build_store, parse

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script><script>")
HOSTILE = "".join(PAYLOADS)


def test_report_escapes_attacker_controlled_text(tmp_path):
    quote = f"Raiders {HOSTILE} burned the market at Alpha."
    text_a = TEXT_A + " " + quote + " " + HOSTILE
    text_b = HOSTILE + " " + TEXT_B
    with build_store(
        tmp_path / "s.duckdb",
        text_a=text_a,
        text_b=text_b,
        q1=quote,
        title=f"Title {HOSTILE}",
        actor=f"Actor {HOSTILE}",
    ) as store:
        page = write_report(store, tmp_path / "r.html", title=HOSTILE).read_text("utf-8")
    for payload in PAYLOADS:
        assert payload not in page
    assert "<img" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    doc = parse(page)
    tags = [t for t, _ in doc.tags]
    assert tags.count("script") == 1 and "img" not in tags
    assert doc.scripts == [page_assets()[1]]
    for tag, attrs in doc.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    # The hostile text is still shown, as text, and the quote is still marked.
    assert quote in doc.marks
    assert "Actor &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_report_csp_allows_only_the_page_script(tmp_path):
    with build_store(tmp_path / "s.duckdb") as store:
        page = write_report(store, tmp_path / "r.html").read_text("utf-8")
    css, js, _ = page_assets()
    digest = base64.b64encode(hashlib.sha256(js.encode()).digest()).decode()
    style = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and f"script-src 'sha256-{digest}'" in csp.group(1)
    assert f"style-src 'sha256-{style}'" in csp.group(1)
    assert parse(page).styles == [css]
    assert "unsafe-inline" not in csp.group(1) and "default-src 'none'" in csp.group(1)
    assert page.index("Content-Security-Policy") < page.index("<style>")
