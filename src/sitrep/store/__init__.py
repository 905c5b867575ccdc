"""The DuckDB store: one file per output folder holding documents, mentions and events.

The store accumulates: building another folder into the same ``--out`` adds its
documents; building the same input again replaces each document's rows in one
transaction, so nothing is lost or duplicated. Events are recomputed from all
stored mentions after every build.

A build never writes the store file in place; it writes a copy that replaces the
store atomically when done (:mod:`sitrep.store.lock`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from sitrep.errors import StoreError
from sitrep.records import (
    Claim,
    ControlStatement,
    Document,
    Event,
    FailedDocument,
    Mention,
    StoredDocument,
    mention_from_json,
    mention_to_json,
    statement_from_json,
    statement_to_json,
)

STORE_NAME = "sitrep.duckdb"

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")
EVENT_COLUMNS = ACLED_COLUMNS + (
    "sources_count,doc_ids,claimed_by,disputed_by,status,fatalities_low,fatalities_high,"
    "captured,evidence,independent_sources"
).split(",")
MENTION_COLUMNS = (
    "mention_id,doc_id,doc_file,event_id_cnty,event_date,time_precision,event_type,"
    "sub_event_type,actor1,actor2,location,admin1,admin2,latitude,longitude,geo_precision,"
    "fatalities,captured,claimant,disputed_by,evidence,char_start,char_end,tags"
).split(",")
DOCUMENT_COLUMNS = (
    "doc_id,doc_file,title,publisher,published,date_source,kind,chars,status,error,copy_of"
    .split(",")
)
CLAIM_COLUMNS = (
    "claim_id,event_id_cnty,subject,value,claimant,reported_by,disputed_by,status,quote,"
    "doc_id,char_start,char_end,independent_sources"
).split(",")
CONTROL_COLUMNS = (
    "place,admin1,admin2,date_from,date_to,controller,status,scope,evidence_event_ids,note"
    .split(",")
)
STATEMENT_COLUMNS = (
    "statement_id,doc_id,doc_file,kind,controller,successor,location,admin1,admin2,"
    "share_low,share_high,statement_date,time_precision,claimant,hedged,evidence,"
    "char_start,char_end"
).split(",")

_TYPES = {
    "event_date": "DATE",
    "published": "DATE",
    "year": "INTEGER",
    "time_precision": "INTEGER",
    "inter1": "INTEGER",
    "inter2": "INTEGER",
    "interaction": "INTEGER",
    "iso": "INTEGER",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "geo_precision": "INTEGER",
    "fatalities": "INTEGER",
    "timestamp": "BIGINT",
    "sources_count": "INTEGER",
    "fatalities_low": "INTEGER",
    "fatalities_high": "INTEGER",
    "captured": "INTEGER",
    "char_start": "INTEGER",
    "char_end": "INTEGER",
    "chars": "INTEGER",
    "date_from": "DATE",
    "date_to": "DATE",
    "statement_date": "DATE",
    "share_low": "INTEGER",
    "share_high": "INTEGER",
    "hedged": "BOOLEAN",
    "independent_sources": "INTEGER",
}


def _ddl(table: str, columns: Sequence[str], extra: Sequence[str], key: str) -> str:
    cols = [f"{c} {_TYPES.get(c, 'VARCHAR')}" for c in columns] + list(extra)
    return f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(cols)}, PRIMARY KEY ({key}))"


SCHEMA = [
    _ddl(
        "documents",
        ["key", *DOCUMENT_COLUMNS],
        ["path VARCHAR", "text VARCHAR", "furniture VARCHAR", "extractor VARCHAR"],
        "key",
    ),
    _ddl("mentions", MENTION_COLUMNS, ["record VARCHAR"], "mention_id"),
    _ddl("events", EVENT_COLUMNS, ["mention_ids VARCHAR"], "event_id_cnty"),
    _ddl("claims", CLAIM_COLUMNS, [], "claim_id"),
    _ddl("control", CONTROL_COLUMNS, [], "place, admin1, admin2, date_from"),
    "ALTER TABLE control ADD COLUMN IF NOT EXISTS note VARCHAR",  # stores before statements
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS tags VARCHAR",  # stores before undated
    _ddl("statements", STATEMENT_COLUMNS, ["record VARCHAR"], "statement_id"),
    # stores before near-copies were counted as one source
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS copy_of VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS independent_sources INTEGER",
    "ALTER TABLE claims ADD COLUMN IF NOT EXISTS independent_sources INTEGER",
    # per-document strength figures and people named (JSON), read by the actor profiles
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS actor_facts VARCHAR",
]


class Store:
    """A DuckDB file with the documents, mentions and events tables."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                self.con = connect_read_only(self.path)
            else:
                self.con = duckdb.connect(str(self.path))
                for stmt in SCHEMA:
                    self.con.execute(stmt)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({describe(exc)})") from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents and mentions --------------------------------------------------------

    def extractor_of(self, doc_id: str) -> str | None:
        """The extractor version a stored document was analysed with (None if absent)."""
        row = self.con.execute(
            "SELECT extractor FROM documents WHERE key = ? AND status = 'ok'", [doc_id]
        ).fetchone()
        return row[0] if row else None

    def put_document(
        self,
        document: Document,
        mentions: Sequence[Mention],
        extractor: str,
        statements: Sequence[ControlStatement] = (),
        actor_facts: Mapping[str, Any] | None = None,
    ) -> None:
        """Replace one document, its mentions and its control statements, atomically
        (``actor_facts``: its strength figures and people named, see
        :mod:`sitrep.extract.actor_facts`)."""
        row = {
            "key": document.doc_id,
            "doc_id": document.doc_id,
            "doc_file": document.doc_file,
            "title": document.title,
            "publisher": document.publisher,
            "published": document.published,
            "date_source": document.date_source,
            "kind": document.kind,
            "chars": len(document.text),
            "status": "ok",
            "error": None,
            "path": document.path,
            "text": document.text,
            "furniture": json.dumps(list(document.furniture)),
            "extractor": extractor,
            "actor_facts": json.dumps(actor_facts, sort_keys=True)
            if actor_facts is not None else None,
        }
        with self._transaction():
            self.con.execute(
                "DELETE FROM documents WHERE key = ? OR (status = 'error' AND path = ?)",
                [document.doc_id, document.path],
            )
            self._insert("documents", row)
            self.con.execute("DELETE FROM mentions WHERE doc_id = ?", [document.doc_id])
            self._insert_many("mentions", (mention_row(m) for m in mentions))
            self.con.execute("DELETE FROM statements WHERE doc_id = ?", [document.doc_id])
            self._insert_many("statements", (statement_row(st) for st in statements))

    def touch_document(self, document: Document | StoredDocument) -> None:
        """Record that a stored document was seen again (its file name may have changed)."""
        with self._transaction():
            self.con.execute(
                "DELETE FROM documents WHERE status = 'error' AND path = ?", [document.path]
            )

    def put_failure(self, failed: FailedDocument) -> None:
        """Record a file that could not be read (replacing an older failure of that path)."""
        row = {
            "key": f"error:{failed.path}",
            "doc_id": None,
            "doc_file": failed.doc_file,
            "status": "error",
            "error": failed.reason,
            "path": failed.path,
        }
        with self._transaction():
            self.con.execute("DELETE FROM documents WHERE key = ?", [row["key"]])
            self._insert("documents", row)

    def mentions(self) -> list[Mention]:
        """Every stored mention, rebuilt as records, in a stable order."""
        rows = self.con.execute(
            "SELECT record FROM mentions ORDER BY doc_id, char_start, mention_id"
        ).fetchall()
        return [mention_from_json(r[0]) for r in rows]

    def statements(self) -> list[ControlStatement]:
        """Every stored control statement, rebuilt as records, in a stable order."""
        rows = self.con.execute(
            "SELECT record FROM statements ORDER BY doc_id, char_start, statement_id"
        ).fetchall()
        return [statement_from_json(r[0]) for r in rows]

    def document_texts(self) -> list[tuple[str, Any, str]]:
        """``(doc_id, published, text)`` of every stored document, by doc id."""
        rows = self.con.execute(
            "SELECT doc_id, published, text FROM documents WHERE status = 'ok' ORDER BY doc_id"
        ).fetchall()
        return [(r[0], r[1], r[2] or "") for r in rows]

    def set_copies(self, copies: Mapping[str, str]) -> None:
        """Record each near-copy's original (``copy_of``; blank for originals), atomically."""
        with self._transaction():
            self.con.execute("UPDATE documents SET copy_of = NULL WHERE copy_of IS NOT NULL")
            if not copies:
                return
            # one UPDATE for all copies (one statement per copy costs more than the rows)
            self.con.execute("CREATE OR REPLACE TEMP TABLE _copies "
                             "(doc_id VARCHAR PRIMARY KEY, copy_of VARCHAR)")
            self._insert_many("_copies", [{"doc_id": d, "copy_of": o}
                                          for d, o in sorted(copies.items())])
            self.con.execute("UPDATE documents SET copy_of = _copies.copy_of FROM _copies "
                             "WHERE documents.doc_id = _copies.doc_id "
                             "AND documents.status = 'ok'")
            self.con.execute("DROP TABLE _copies")

    def documents(self, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Document rows (ok and failed) in a stable order; ``columns`` (default all)
        leaves out what is not needed, such as every document's text."""
        cols = ", ".join(columns) if columns else "*"
        return self._dicts(f"SELECT {cols} FROM documents ORDER BY status DESC, doc_file, key")

    # -- events ------------------------------------------------------------------------

    def put_events(self, rows: Iterable[dict[str, Any]], mention_events: dict[str, str]) -> None:
        """Replace all events and link each mention to its event, atomically."""
        with self._transaction():
            self.con.execute("DELETE FROM events")
            self._insert_many("events", rows)
            self.con.execute("UPDATE mentions SET event_id_cnty = NULL")
            self.con.execute("CREATE OR REPLACE TEMP TABLE _links "
                             "(mention_id VARCHAR PRIMARY KEY, event_id_cnty VARCHAR)")
            self._insert_many("_links", [{"mention_id": m, "event_id_cnty": e}
                                         for m, e in sorted(mention_events.items())])
            self.con.execute("UPDATE mentions SET event_id_cnty = _links.event_id_cnty "
                             "FROM _links WHERE mentions.mention_id = _links.mention_id")
            self.con.execute("DROP TABLE _links")

    def replace_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Replace every row of a derived table (claims, control), atomically."""
        with self._transaction():
            self.con.execute(f"DELETE FROM {table}")
            self._insert_many(table, rows)

    def has_table(self, table: str) -> bool:
        """True when the store has this table (stores written by older versions may not)."""
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        return bool(row and row[0])

    def rows(self, table: str, columns: Sequence[str], order: str) -> list[dict[str, Any]]:
        """Rows of one table as dicts of the given columns."""
        return self._dicts(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")

    # -- helpers -----------------------------------------------------------------------

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _insert_many(self, table: str, rows: Iterable[dict[str, Any]], chunk: int = 4096) -> None:
        """Insert rows (dicts with the same keys) a few thousand per statement: one INSERT
        per row costs more than the rows themselves."""
        batch: list[dict[str, Any]] = []
        for row in rows:
            if batch and list(row) != list(batch[0]):  # other columns: a statement of its own
                self._insert_batch(table, batch)
                batch = []
            batch.append(row)
            if len(batch) == chunk:
                self._insert_batch(table, batch)
                batch = []
        if batch:
            self._insert_batch(table, batch)

    def _insert_batch(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """One INSERT ... SELECT over the rows handed to DuckDB as columns (NumPy object
        arrays): about 25 times cheaper than binding one parameter per cell, which DuckDB
        parses and binds one by one."""
        import numpy as np

        cols = list(rows[0])
        data: dict[str, np.ndarray] = {}
        for c in cols:
            column = np.empty(len(rows), dtype=object)
            for i, r in enumerate(rows):
                column[i] = r[c]
            data[c] = column
        names = ", ".join(cols)
        self.con.register("_sitrep_rows", data)
        try:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _sitrep_rows")
        finally:
            self.con.unregister("_sitrep_rows")

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        cols = list(row)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols],
        )

    def _transaction(self) -> _Tx:
        return _Tx(self.con)


class _Tx:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


def connect_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store file that is at ``path`` now.

    DuckDB keeps one database instance per path and process, so a plain ``connect``
    made after a build replaced the file would still read the replaced one; attaching
    the file to a fresh in-memory database always opens the current file. The
    connection's default catalog is the store (a cursor must ``USE store`` again).
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS store (READ_ONLY)")
        con.execute("USE store")
    except BaseException:
        con.close()
        raise
    return con


def describe(exc: BaseException) -> str:
    """A DuckDB error as one line; a lock conflict names the program that holds the file."""
    text = str(exc)
    held = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", text)
    if held:
        return f"{held.group(1)} (pid {held.group(2)}) has it open for writing"
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def mention_row(m: Mention) -> dict[str, Any]:
    """A mention as a row of the mentions table (the mentions.csv columns + record)."""
    p = m.place
    return {
        "mention_id": m.mention_id,
        "doc_id": m.doc_id,
        "doc_file": m.doc_file,
        "event_id_cnty": None,
        "event_date": m.event_date,
        "time_precision": m.time_precision,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1,
        "actor2": m.actor2,
        "location": p.matched if p else m.location,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "fatalities": m.fatalities,
        "captured": m.captured,
        "claimant": m.claimant,
        "disputed_by": m.disputed_by,
        "evidence": m.evidence,
        "char_start": m.char_start,
        "char_end": m.char_end,
        "tags": "; ".join(mention_tags(m)),
        "record": mention_to_json(m),
    }


def mention_tags(m: Mention) -> list[str]:
    """A mention's tags: its flags (``undated`` when nothing dates it) and ``hedged``."""
    return sorted({*m.flags, *(["hedged"] if m.hedged else [])})


def statement_row(s: ControlStatement) -> dict[str, Any]:
    """A control statement as a row of the statements table (statements.csv + record)."""
    return {
        "statement_id": s.statement_id,
        "doc_id": s.doc_id,
        "doc_file": s.doc_file,
        "kind": s.kind,
        "controller": s.controller,
        "successor": s.successor,
        "location": s.place.matched,
        "admin1": s.place.admin1,
        "admin2": s.place.admin2,
        "share_low": s.share_low,
        "share_high": s.share_high,
        "statement_date": s.date,
        "time_precision": s.time_precision,
        "claimant": s.claimant,
        "hedged": s.hedged,
        "evidence": s.evidence,
        "char_start": s.char_start,
        "char_end": s.char_end,
        "record": statement_to_json(s),
    }


def event_row(
    e: Event,
    publishers: Mapping[str, str],
    interaction: int | None,
    timestamp: int,
    source_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An event as a row of the events table (the events.csv columns + mention ids).

    ``sources_count`` counts documents; ``independent_sources`` counts sources, one per
    outlet and one per group of near-copies (``source_of`` maps doc ids to sources,
    default ``publishers``), as the claims ledger does when it decides ``confirmed``.
    """
    p = e.place
    sources = sorted({publishers.get(d) or "" for d in e.doc_ids} - {""})
    notes = e.evidence
    return {
        "event_id_cnty": e.event_id_cnty,
        "event_date": e.event_date,
        "year": e.event_date.year if e.event_date else None,  # undated: blank
        "time_precision": e.time_precision,
        "disorder_type": e.disorder_type,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "inter1": e.inter1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "inter2": e.inter2,
        "interaction": interaction,
        "civilian_targeting": e.civilian_targeting,
        "iso": p.iso if p else None,
        "region": p.region if p else None,
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "admin2": p.admin2 if p else None,
        "admin3": p.admin3 if p else None,
        "location": e.location,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "geo_precision": p.geo_precision if p else None,
        "source": "; ".join(sources),
        "source_scale": "Other",
        "notes": notes,
        "fatalities": e.fatalities or 0,
        "tags": "; ".join(e.tags),
        "timestamp": timestamp,
        "sources_count": len(e.doc_ids),
        "doc_ids": ";".join(e.doc_ids),
        "claimed_by": "; ".join(e.claimed_by),
        "disputed_by": "; ".join(e.disputed_by),
        "status": e.status,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "captured": e.captured,
        "evidence": e.evidence,
        "independent_sources": _independent(e.doc_ids, source_of or publishers),
        "mention_ids": ";".join(e.mention_ids),
    }


def _independent(doc_ids: Iterable[str], sources: Mapping[str, str]) -> int:
    return len({sources.get(d) or d for d in doc_ids})


def claim_row(c: Claim, sources: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A claim as a row of the claims table (the claims.csv columns); its
    ``independent_sources`` counts ``reported_by`` documents by source (``sources``)."""
    return {
        "claim_id": c.claim_id,
        "event_id_cnty": c.event_id_cnty,
        "subject": c.subject,
        "value": c.value,
        "claimant": c.claimant,
        "reported_by": ";".join(c.reported_by),
        "disputed_by": "; ".join(c.disputed_by),
        "status": c.status,
        "quote": c.quote,
        "doc_id": c.doc_id,
        "char_start": c.char_start,
        "char_end": c.char_end,
        "independent_sources": _independent(c.reported_by, sources or {}),
    }
