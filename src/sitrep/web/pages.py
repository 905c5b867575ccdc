"""The HTML pages: routes that query the store and render ``templates/`` (no script runs)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from sitrep.outputs.contested import Fact, source_info, summary
from sitrep.outputs.html import stylesheet
from sitrep.outputs.report import infobox
from sitrep.outputs.report.infobox import actor_view
from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS
from sitrep.web.api import PAGE_SIZE, TextParam
from sitrep.web.errors import ApiError
from sitrep.web.map import events_map, map_js, with_map_script
from sitrep.web.queries import (
    EventFilter,
    actor_rows,
    claims_rows,
    contested,
    control_rows,
    distinct,
    doc_names,
    documents,
    get_document,
    get_event,
    make_filter,
    parse_date,
    query_events,
    source_documents,
)
from sitrep.web.render import HERE, render
from sitrep.web.rows import SPAN_ID, columns_of
from sitrep.web.store import Db, Snapshot

MENUS = (("event_type", "any type"), ("sub_event_type", "any sub-type"),
         ("admin1", "any admin1"), ("status", "any status"))

router = APIRouter(include_in_schema=False)


def _html(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(name, **context))


def _table(heading: str, rows: list[dict[str, Any]], note: str = "",
           **extra: Any) -> HTMLResponse:
    return _html("listing.html", title=extra.pop("title", heading), heading=heading, note=note,
                 rows=rows, columns=columns_of(rows or []), **extra)


def highlight(text: str, mentions: Sequence[Mapping[str, Any]],
              current: str | None = None) -> list[dict[str, Any]]:
    """The text cut into segments at mention bounds: anchors starting there, the text, and
    the ids covering it (``title``; None when unmarked). Every character is marked once;
    the ``current`` mention's segments are flagged ``cur``."""
    n = len(text)
    spans = sorted(
        (int(m["char_start"]), int(m["char_end"]), str(m["mention_id"]))
        for m in mentions
        if isinstance(m.get("char_start"), int) and isinstance(m.get("char_end"), int)
        and 0 <= m["char_start"] < m["char_end"] <= n
    )
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starting: dict[int, list[str]] = defaultdict(list)
    for s, _, mid in spans:
        starting[s].append(mid)
    out = []
    for a, b in pairwise(cuts):
        cover = [mid for s, e, mid in spans if s <= a and b <= e]
        out.append({"anchors": starting[a], "text": text[a:b], "cur": current in cover,
                    "title": " ".join(cover) if cover else None})
    return out


def events_page(db: Snapshot, f: EventFilter, page: int) -> HTMLResponse:
    """The events list: the filter form, one page of events, pager and CSV link."""
    offset = (page - 1) * PAGE_SIZE
    rows, total = query_events(db, f, PAGE_SIZE, offset)
    params = f.params()
    first, last = (offset + 1, offset + len(rows)) if rows else (0, 0)
    response = _html("events.html", title="Events", f=f, params=params, rows=rows, total=total,
                 page=page, pages=max(1, -(-total // PAGE_SIZE)), first=first, last=last,
                 base="/events",
                 menus={name: distinct(db, name) for name, _ in MENUS},
                 csv_href="/api/events?" + urlencode({**params, "format": "csv"}),
                 event_map=events_map(db, f) if total else "")
    return with_map_script(response) if total else response


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=302)


router.get("/static/map.js")(map_js)


@router.get("/static/app.css")
def app_css() -> Response:
    return Response(stylesheet(HERE / "static" / "app.css"), media_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})


@router.get("/events")
def events_html(
    db: Db,
    date_from: str | None = None, date_to: str | None = None, event_type: TextParam = None,
    sub_event_type: TextParam = None, actor: TextParam = None, admin1: TextParam = None,
    admin2: TextParam = None, status: TextParam = None, q: TextParam = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    f = make_filter(date_from, date_to, event_type, sub_event_type, actor, admin1, admin2,
                    status, q)
    return events_page(db, f, page)


@router.get("/events/{event_id}")
def event_html(db: Db, event_id: str) -> Response:
    """One event: what, who, where; every source mention quoted in context under its
    outlet, title and date; its claims side by side (who says what); every field."""
    event, mentions = get_event(db, event_id)
    return _html("event.html", title=f"Event {event_id}", event_id=event_id, event=event,
                 mentions=mentions, docs=source_documents(db, {m["doc_id"] for m in mentions}),
                 names=doc_names(db), facts=contested(db, "event", event_id),
                 event_columns=EVENT_COLUMNS)


@router.get("/documents")
def documents_html(db: Db) -> Response:
    return _html("documents.html", title="Documents", rows=documents(db, with_counts=True))


@router.get("/documents/{doc_id}")
def document_html(db: Db, doc_id: str, m: str | None = None,
                  s: Annotated[int | None, Query(ge=0)] = None,
                  e: Annotated[int | None, Query(ge=0)] = None) -> Response:
    """One document's text with every extracted mention highlighted and anchored.

    ``m`` (a mention id) or the span ``s``–``e`` (character offsets, e.g. of a claim's
    quote) is shown as the current highlight.
    """
    doc, mentions = get_document(db, doc_id)
    marks, current = list(mentions), m
    if s is not None and e is not None and s < e and current is None:
        marks.append({"mention_id": SPAN_ID, "char_start": s, "char_end": e})
        current = SPAN_ID
    return _html("document.html", title="Document", doc_id=doc_id, doc=doc, mentions=mentions,
                 segments=highlight(doc.get("text") or "", marks, current),
                 document_columns=[c for c in DOCUMENT_COLUMNS if c != "doc_id"])


def _pages(total: int, page: int) -> tuple[int, int]:
    """(offset, number of pages) of a page of PAGE_SIZE rows."""
    return (page - 1) * PAGE_SIZE, max(1, -(-total // PAGE_SIZE))


@router.get("/claims")
def claims_html(db: Db, subject: TextParam = None, status: TextParam = None,
                claimant: TextParam = None, event_id: TextParam = None, q: TextParam = None,
                page: Annotated[int, Query(ge=1)] = 1) -> Response:
    """The claims ledger, filtered and paged, each source named (outlet, title, date)."""
    form = {k: (v or "").strip() for k, v in (("subject", subject), ("status", status),
                                              ("claimant", claimant), ("event_id", event_id),
                                              ("q", q))}
    offset = (page - 1) * PAGE_SIZE
    rows, source, total = claims_rows(db, form["event_id"], form["status"], form["claimant"],
                                      PAGE_SIZE, offset, form["subject"], form["q"])
    names = doc_names(db)
    for r in rows:
        r["source"] = names.get(r.get("doc_id") or "") or source_info(None, r.get("doc_id"))
    params = {k: v for k, v in form.items() if v}
    menus = ({"subject": distinct(db, "subject", "claims"),
              "status": distinct(db, "status", "claims")} if source == "claims" else {})
    api = {k: v for k, v in params.items() if k != "subject" and k != "q"}
    return _html("claims.html", title="Claims", rows=rows, source=source, total=total,
                 form=form, params=params, menus=menus, page=page,
                 pages=_pages(total, page)[1], first=offset + 1 if rows else 0,
                 last=offset + len(rows), base="/claims",
                 csv_href="/api/claims?" + urlencode({**api, "format": "csv"}))


@router.get("/contested")
def contested_html(db: Db, by: str = "figure", flag: str = "", q: TextParam = None,
                   page: Annotated[int, Query(ge=1)] = 1) -> Response:
    """Contested facts: each figure (or each event's facts) with every party's value."""
    by = "event" if by == "event" else "figure"
    flag = flag if flag in ("contested", "single party", "corroborated") else ""
    text = (q or "").strip().lower()
    every = contested(db, by)
    facts = [x for x in every if (not flag or x.flag == flag) and (
        not text or text in fact_text(x))]
    offset, pages = _pages(len(facts), page)
    shown = facts[offset:offset + PAGE_SIZE]
    params = {k: v for k, v in (("by", by), ("flag", flag), ("q", text)) if v}
    return _html("contested.html", title="Contested facts", facts=shown, by=by, flag=flag,
                 q=text, counts=summary(every), total=len(facts), page=page, pages=pages,
                 first=offset + 1 if shown else 0, last=offset + len(shown),
                 params=params, base="/contested")


def fact_text(fact: Fact) -> str:
    """What the contested view's text filter searches: label, events, parties, quotes."""
    return " ".join([fact.label, *fact.event_ids, *(
        f"{a.party} {a.value} {a.quote} {a.disputed_by} {a.source['label']}"
        for a in fact.assertions)]).lower()


@router.get("/control")
def control_html(db: Db, date: str | None = None) -> Response:
    on = parse_date("date", date)
    form = {"date": date or ""}
    if not db.has_table("control"):
        return _table("Territorial control", None, "This build has no control table.",
                      title="Control", form=form)
    if on is None:
        return _table("Territorial control", None, "Pick a date.", title="Control", form=form)
    rows, _ = control_rows(db, on)
    return _table("Territorial control", rows, title="Control", form=form,
                  subheading=f"On {on.isoformat()}")


@router.get("/actors")
def actors_html(request: Request, db: Db) -> Response:
    """The belligerents as the report shows them (sides, leaders, strength, losses, each
    sourced), then every actor in a readable table."""
    rows, source = actor_rows(db, request.app.state.out_dir)
    note = {"actors": "", "actors.json": ""}.get(
        source, "This build has no actor profiles; actors counted from the events.")
    names = {k: v["label"] for k, v in doc_names(db).items()}
    return _html("actors.html", title="Actors", note=note,
                 infobox=Markup(infobox(rows, names)) if source != "events" else "",
                 rows=[actor_view(a, names) for a in rows])


@router.get("/report")
def report_html(request: Request) -> Response:
    path = request.app.state.out_dir / "report.html"
    if not path.is_file():
        raise ApiError(404, "this build has no report.html (it was built with --no-report)")
    page = path.read_text(encoding="utf-8", errors="replace")
    # The report carries its own hash-based CSP; send that one instead of the app's.
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    csp = found.group(1) if found else "default-src 'none'"
    return HTMLResponse(page, headers={"content-security-policy": csp})


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """A plain API reference rendered from the OpenAPI schema (Swagger UI needs a CDN)."""
    schema = request.app.openapi()
    operations = [(path, method, op) for path, ops in sorted(schema.get("paths", {}).items())
                  for method, op in ops.items()]
    return _html("docs.html", title="API", operations=operations)
