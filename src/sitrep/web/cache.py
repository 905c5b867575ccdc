"""Answers to ``GET /api/...`` kept per store file: the store is read-only, so the same
URL gives the same bytes until a build replaces the file.

A plain ASGI middleware (outermost, so the cached answer carries every header the app
adds). It holds the request's view of the store for the whole request and leaves it in
the scope, so the handler reads the very file the answer is cached under. A rebuild
opens a new view with an empty cache; the old one goes with the old file.
"""

from __future__ import annotations

from typing import Any

from sitrep.web.store import VIEW_KEY, ReadOnlyStore

Scope = dict[str, Any]
CACHED_PREFIX = "/api/"


class ResponseCache:
    """ASGI middleware: serve repeated ``GET /api/...`` requests from the store view's cache."""

    def __init__(self, app: Any, store: ReadOnlyStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(CACHED_PREFIX)):
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        view = self.store.acquire()
        try:
            hit = self.store.cached(view, key)
            if hit is not None:
                start, body = hit[0]
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            scope.setdefault("state", {})[VIEW_KEY] = view
            parts: list[Any] = []

            async def capture(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    parts[:] = [message, []]
                elif message["type"] == "http.response.body" and parts:
                    parts[1].append(message.get("body", b""))
                    if not message.get("more_body"):
                        start = parts[0]
                        if start.get("status") == 200:
                            body = b"".join(parts[1])
                            self.store.remember(view, key, (start, body), len(body) + 512)
                await send(message)

            await self.app(scope, receive, capture)
        finally:
            self.store.release(view)
