from __future__ import annotations

from conftest import make_mention
from sitrep.records import Document, FailedDocument, mention_from_json, mention_to_json
from sitrep.store import Store


def _doc(text: str = "Red Army attacked Alpha.", path: str = "a.txt") -> Document:
    return Document(doc_id="d1", doc_file="a.txt", path=path, text=text)


def test_store_mention_json_roundtrip_is_lossless():
    m = make_mention("a", claimant="Red Army", flags=["date-from-context"], fatalities=3)
    assert mention_from_json(mention_to_json(m)) == m


def test_store_put_document_twice_keeps_one_copy(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        for _ in range(2):
            store.put_document(
                _doc(), [make_mention("a", doc="d1"), make_mention("b", doc="d1")], "v1"
            )
        assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert [m.mention_id for m in store.mentions()] == ["a", "b"]
        store.put_document(_doc(), [make_mention("c", doc="d1")], "v2")
        assert [m.mention_id for m in store.mentions()] == ["c"]
        assert store.extractor_of("d1") == "v2"


def test_store_failure_is_replaced_when_the_file_is_fixed(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.put_failure(FailedDocument(path="a.txt", doc_file="a.txt", reason="empty file"))
        store.put_failure(FailedDocument(path="a.txt", doc_file="a.txt", reason="empty file"))
        assert [d["status"] for d in store.documents()] == ["error"]
        store.put_document(_doc(), [], "v1")
        assert [d["status"] for d in store.documents()] == ["ok"]


def test_store_survives_reopening(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.put_document(_doc(), [make_mention("a", doc="d1")], "v1")
    with Store(path, read_only=True) as store:
        assert [m.mention_id for m in store.mentions()] == ["a"]


def test_store_set_copies_replaces_every_mark_at_once(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        for key in ("d1", "d2", "d3"):
            store.put_document(Document(doc_id=key, doc_file=f"{key}.txt", path=f"{key}.txt",
                                        text=f"Text {key}."), [], "v1")
        store.set_copies({"d2": "d1", "d3": "d1"})
        marks = {d["doc_id"]: d["copy_of"] for d in store.documents(["doc_id", "copy_of"])}
        assert marks == {"d1": None, "d2": "d1", "d3": "d1"}
        store.set_copies({"d3": "d2"})  # the earlier marks go
        marks = {d["doc_id"]: d["copy_of"] for d in store.documents(["doc_id", "copy_of"])}
        assert marks == {"d1": None, "d2": None, "d3": "d2"}
        store.set_copies({})
        assert all(d["copy_of"] is None for d in store.documents())
