"""A build identifies the files whose text its store already holds (analysed under the
same extractor version) without reading them in full: ``iter_documents(stored=...)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import ingest
from sitrep.ingest import document as ingest_document
from sitrep.records import Document, FailedDocument, StoredDocument

OLD = ("Kalora, 3 June 2024\n\nGunmen on motorbikes fired on a checkpoint outside the town "
       "of Kalora on Monday night, killing two guards, the district governor said.\n")
NEW = ("Veshtan, 9 June 2024\n\nVillagers blocked the road into Veshtan on Saturday to "
       "protest against the closure of the clinic, elders said.\n")


def _files(tmp_path: Path) -> Path:
    (tmp_path / "a_old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "b_new.txt").write_text(NEW, encoding="utf-8")
    (tmp_path / "c_again.txt").write_text(OLD.replace("\n\n", "\n\n\n"), encoding="utf-8")
    (tmp_path / "d_blank.txt").write_text("  \n", encoding="utf-8")
    return tmp_path


def test_pipeline_stored_file_is_identified_not_read(tmp_path: Path, monkeypatch) -> None:
    folder = _files(tmp_path)
    full = {p.name: d for p in sorted(folder.glob("*.txt"))
            for d in ingest.iter_documents([p])}
    known = full["a_old.txt"].doc_id
    built: list[str] = []
    real = ingest_document._build
    monkeypatch.setattr(ingest_document, "_build",
                        lambda path, *a, **k: built.append(path.name) or real(path, *a, **k))
    items = list(ingest.iter_documents([folder], stored=lambda doc_id: doc_id == known))
    assert built == ["b_new.txt"]  # the stored file and its copy are never read in full
    first, second, again, blank = items
    assert first == StoredDocument(doc_id=known, doc_file="a_old.txt",
                                   path=str(folder / "a_old.txt"))
    assert isinstance(second, Document) and second == full["b_new.txt"]
    # the same text under another name is still that file's duplicate
    assert isinstance(again, FailedDocument)
    assert again.reason == f"duplicate of {folder / 'a_old.txt'}"
    assert isinstance(blank, FailedDocument) and blank.reason == full["d_blank.txt"].reason


def test_pipeline_stored_files_read_in_full_with_other_rules(tmp_path: Path) -> None:
    folder = _files(tmp_path)
    known = next(iter(ingest.iter_documents([folder / "a_old.txt"]))).doc_id
    rules = ingest.load_rules()
    items = list(ingest.iter_documents([folder], rules=rules, stored=lambda _: True))
    assert not any(isinstance(i, StoredDocument) for i in items)
    assert items[0].doc_id == known


@pytest.mark.parametrize("stored", [None, lambda _: False])
def test_pipeline_nothing_stored_reads_every_file(tmp_path: Path, stored) -> None:
    folder = _files(tmp_path)
    items = list(ingest.iter_documents([folder], stored=stored))
    assert [type(i).__name__ for i in items] == [
        "Document", "Document", "FailedDocument", "FailedDocument"]
