"""Real-browser fixtures ``browser``, ``page``, ``artifacts``: Debian's chromium via Playwright.

Loaded as a plugin by ``tests/conftest.py`` so the session's browser is launched once.

A missing browser is a failure, not a skip: ``make test`` installs chromium first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("chromium is not installed: run `make test` (its `browser` target installs "
                "Debian's chromium) or `apt-get install chromium`", pytrace=False)


@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Any]:
    """One headless chromium for the whole session."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run `make dev`", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(name="page")
def page_fixture(browser: Any) -> Iterator[Any]:
    """A fresh page that records dialogs, console messages and failed requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.console_lines = []

    def on_dialog(dialog: Any) -> None:
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda msg: pg.console_lines.append(msg.text))
    yield pg
    context.close()


@pytest.fixture(scope="session", name="artifacts")
def artifacts_fixture() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
