"""The app's event map: the filtered events on the report's basemap (country outlines,
admin1 outlines and names), each dot linking to its event page; the report's ``map.js`` adds
zoom and pan (wheel, drag, +/- buttons, keys), the only script the app runs, allowed by
the map pages' Content-Security-Policy alone."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from sitrep.outputs.report import BOUNDARIES, MAP_JS, svg, type_colours
from sitrep.outputs.report import _render as render_report_part
from sitrep.web.errors import CSP
from sitrep.web.queries import EventFilter, query_events
from sitrep.web.store import Snapshot

MAP_LIMIT = 5000  # events drawn at most (the first in events.csv order)
MAP_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
               "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude")
MAP_SCRIPT = "/static/map.js"
# a map page may run the app's own map script, and nothing else
MAP_CSP = CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';", 1)


def events_map(db: Snapshot, f: EventFilter) -> Markup:
    """Inline SVG map of the events ``f`` selects (at most :data:`MAP_LIMIT`)."""
    rows, _ = query_events(db, f, MAP_LIMIT, 0, columns=MAP_COLUMNS)
    colours = type_colours(r.get("event_type") or "" for r in rows)
    anchors = {r["event_id_cnty"]: quote(str(r["event_id_cnty"]), safe="") for r in rows}
    m = svg.event_map(rows, colours, anchors, BOUNDARIES, link_prefix="/events/")
    return Markup(render_report_part("_map.html", m=m))


def map_js() -> Response:
    """The map's zoom and pan script: the report's own ``map.js``, one copy for both."""
    return Response(MAP_JS.read_text(encoding="utf-8"),
                    media_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})


def with_map_script(response: HTMLResponse) -> HTMLResponse:
    """``response`` allowed to run the map script (its page draws a map)."""
    response.headers["content-security-policy"] = MAP_CSP
    return response
