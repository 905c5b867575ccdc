"""The app's one JSON error shape, its HTML error page, and the security headers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.store import describe
from sitrep.web.render import render

# Pages load only the app's own stylesheet; no script may run, nothing may be framed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "internal_error",
    503: "store_unavailable",
}


class ApiError(Exception):
    """An error answered with the app's one JSON error shape."""

    def __init__(self, status: int, message: str, detail: Any = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message
        self.detail = detail


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"status": status, "code": code, "message": message, "detail": detail}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json",):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, err: ApiError, headers: Mapping[str, str] | None = None
) -> Response:
    """The error as an HTML page for browsers on pages, else as the JSON error shape."""
    if _wants_html(request):
        detail = json.dumps(err.detail, indent=1, default=str) if err.detail else ""
        return HTMLResponse(render("error.html", title="Error", err=err, detail=detail),
                            status_code=err.status, headers=headers)
    body = error_body(err.status, err.code, err.message, err.detail)
    return JSONResponse(body, err.status, headers=headers)


def _validation_error(exc: RequestValidationError) -> ApiError:
    detail = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        value = e.get("input")
        detail.append({
            "param": loc[-1] if loc else "",
            "in": loc[0] if loc else "",
            "message": str(e.get("msg", "")),
            "value": value if isinstance(value, str | int | float | bool) else None,
        })
    first = detail[0] if detail else {"param": "", "message": "invalid request"}
    return ApiError(422, f"invalid parameter {first['param']}: {first['message']}", detail)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, _validation_error(exc))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail) if exc.status_code != 404 else f"no route {request.url.path}"
    # 405 carries ``Allow`` (the methods the path answers); HEAD goes wherever GET does
    headers = dict(exc.headers or {})
    if "Allow" in headers and "GET" in headers["Allow"] and "HEAD" not in headers["Allow"]:
        headers["Allow"] += ", HEAD"
    return error_response(request, ApiError(exc.status_code, message), headers or None)


async def _db(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, duckdb.Error)
    return error_response(request, ApiError(503, f"store error: {describe(exc)}"))


def install(app: FastAPI) -> None:
    """Answer every error (ours, validation, unknown route, store) in the one shape."""
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(duckdb.Error, _db)


class HeadAsGet:
    """ASGI middleware: answer HEAD wherever GET answers (same status and headers, no body)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class SecurityHeaders:
    """ASGI middleware: security headers on every response, and a JSON 500 for crashes."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            body = error_body(500, "internal_error", f"{type(exc).__name__}: {exc}")
            await JSONResponse(body, 500)(scope, receive, send_with_headers)
