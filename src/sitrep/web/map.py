"""The app's event map: the filtered events on the report's basemap (country outlines,
admin1 outlines and names), each dot linking to its event page."""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from sitrep.outputs.report import BOUNDARIES, svg, type_colours
from sitrep.outputs.report import _render as render_report_part
from sitrep.web.queries import EventFilter, query_events
from sitrep.web.store import Snapshot

MAP_LIMIT = 5000  # events drawn at most (the first in events.csv order)
MAP_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
               "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude")


def events_map(db: Snapshot, f: EventFilter) -> Markup:
    """Inline SVG map of the events ``f`` selects (at most :data:`MAP_LIMIT`)."""
    rows, _ = query_events(db, f, MAP_LIMIT, 0, columns=MAP_COLUMNS)
    colours = type_colours(r.get("event_type") or "" for r in rows)
    anchors = {r["event_id_cnty"]: quote(str(r["event_id_cnty"]), safe="") for r in rows}
    m = svg.event_map(rows, colours, anchors, BOUNDARIES, link_prefix="/events/")
    return Markup(render_report_part("_map.html", m=m))
