"""Ingest: path walking, bad inputs (one clear reason each) and de-duplication."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from sitrep.errors import InputError, UsageError
from sitrep.ingest import iter_documents, iter_paths, read_document
from sitrep.records import Document, FailedDocument

ENGLISH = (
    "Government forces shelled the outskirts of Mirava on Tuesday, officials said. "
    "The army claimed that it had pushed rebel units back across the river, but the "
    "rebels denied losing any ground and said their fighters were still holding the bridge.\n"
)


def _reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, **kwargs)
    assert info.value.path == str(path)
    assert "\n" not in info.value.reason
    return info.value.reason


def test_ingest_iter_paths_sorted_skips_hidden_and_corpus_metadata(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in [
        "z.txt",
        "a.md",
        "README.md",
        "SOURCES.md",
        "license",
        "Changelog.txt",
        ".secret.txt",
        "b/inner.html",
        ".hidden/x.txt",
        "readme_notes.txt",
    ]:
        (tmp_path / name).write_text(ENGLISH)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["a.md", "b/inner.html", "z.txt"]


def test_ingest_iter_paths_explicit_files_always_read_and_once(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ENGLISH)
    hidden = tmp_path / ".notes.txt"
    hidden.write_text(ENGLISH)
    other = tmp_path / "a.txt"
    other.write_text(ENGLISH)
    found = list(iter_paths([readme, hidden, tmp_path, other]))
    assert found == [readme, hidden, other]


def test_ingest_iter_paths_missing_path_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        list(iter_paths([tmp_path / "nope"]))


def test_ingest_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _reason(path) == "file is empty"
    path.write_bytes(b"  \n\n\t ")
    assert _reason(path) == "file is empty"


def test_ingest_rejects_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 40)
    reason = _reason(path, max_bytes=1000)
    assert "over the 1 kB limit (--max-bytes)" in reason
    assert reason.startswith("file is ")


def test_ingest_size_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2_530_000)
    assert _reason(path, max_bytes=2_000_000) == (
        "file is 2.5 MB, over the 2 MB limit (--max-bytes)"
    )


def test_ingest_rejects_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00\xff\xfe\x00junk" * 20)
    assert "binary" in _reason(path)


def test_ingest_utf16_without_bom_gets_specific_reason(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ENGLISH.encode("utf-16-le"))
    assert "UTF-16" in _reason(path)


def test_ingest_rejects_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_bytes(ENGLISH.encode() + bytes(range(0x80, 0x100)) * 3)
    reason = _reason(path)
    assert reason.startswith("cannot decode text: not UTF-8")


def test_ingest_accepts_utf16_with_bom_and_clear_cp1252(tmp_path: Path) -> None:
    wide = tmp_path / "wide.txt"
    wide.write_bytes(ENGLISH.encode("utf-16"))
    assert read_document(wide).text == ENGLISH
    smart = ENGLISH.replace("officials said", "officials said \u2013 \u201cpress\u201d")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(smart.encode("cp1252"))
    assert read_document(legacy).text == smart


def test_ingest_rejects_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    assert _reason(path) == "unsupported file type .docx (sitrep reads .txt, .md, .html, .pdf)"


def test_ingest_rejects_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ENGLISH)
    if os.geteuid() != 0:
        path.chmod(0)
        try:
            assert "cannot read file" in _reason(path)
        finally:
            path.chmod(0o644)

    def denied(self: Path, *args: object, **kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    assert _reason(path) == "cannot read file (Permission denied)"


def test_ingest_directory_named_like_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    assert _reason(path).startswith("cannot read file")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Les forces gouvernementales ont bombardé la périphérie de la ville mardi, selon "
            "les autorités. L'armée affirme avoir repoussé les rebelles de l'autre côté de la "
            "rivière, mais ceux-ci nient avoir perdu du terrain et disent que leurs combattants "
            "tiennent toujours le pont.",
            "French",
        ),
        (
            "Die Regierungstruppen haben am Dienstag die Außenbezirke der Stadt beschossen, wie "
            "die Behörden mitteilten. Die Armee erklärte, sie habe die Rebellen über den Fluss "
            "zurückgedrängt, aber die Rebellen bestreiten das und sagen, ihre Kämpfer würden "
            "die Brücke noch halten.",
            "German",
        ),
        (
            "Las fuerzas del gobierno bombardearon las afueras de la ciudad el martes, según "
            "las autoridades. El ejército afirmó que había hecho retroceder a los rebeldes al "
            "otro lado del río, pero los rebeldes lo niegan y dicen que sus combatientes "
            "todavía controlan el puente.",
            "Spanish",
        ),
        (
            "Правительственные войска во вторник обстреляли окраины города, сообщили власти. "
            "Армия заявила, что отбросила повстанцев за реку, но те это отрицают.",
            "Cyrillic",
        ),
        (
            "نیروهای دولتی روز سه‌شنبه حومه شهر را گلوله‌باران کردند. ارتش گفت که شورشیان را "
            "به آن سوی رودخانه عقب رانده است، اما شورشیان این را رد کردند.",
            "Arabic",
        ),
    ],
)
def test_ingest_rejects_non_english(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "foreign.txt"
    path.write_text(text, encoding="utf-8")
    reason = _reason(path)
    assert reason.startswith("text is not in English")
    assert expected in reason


@pytest.mark.parametrize(
    "text",
    [
        "Rebels took Karvas.",
        "Kharkiv, Izium, Balakliia, Kupiansk: Ukrainian brigades retook towns near Oskil.",
        "Ahmad Zia Massoud, Abdul Rashid Dostum, Atta Mohammad Noor and Mohammad Mohaqiq met "
        "in Ankara with Ismail Khan, Amrullah Saleh, Yunus Qanuni and Karim Khalili during "
        "talks hosted by Turkish officials on Sunday.",
        "Le Monde and Der Spiegel reported that the convoy from Los Alamos reached Port-au-Prince "
        "on Monday, while officials in the capital said the road to the border was open again.",
    ],
)
def test_ingest_keeps_short_or_name_heavy_english(tmp_path: Path, text: str) -> None:
    path = tmp_path / "english.txt"
    path.write_text(text)
    assert read_document(path).text == text


def test_ingest_duplicate_text_yields_one_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH.replace("\n", "\r\n"), newline="")
    (tmp_path / "b.md").write_text("  " + ENGLISH.replace(". ", ".  "))
    (tmp_path / "c.txt").write_text("")
    (tmp_path / "d.txt").write_text("A different report about shelling near the dam on Friday.")
    results = list(iter_documents([tmp_path]))
    docs = [r for r in results if isinstance(r, Document)]
    failed = [r for r in results if isinstance(r, FailedDocument)]
    assert [d.doc_file for d in docs] == ["a.txt", "d.txt"]
    assert len({d.doc_id for d in docs}) == 2
    assert {f.doc_file: f.reason for f in failed} == {
        "b.md": f"duplicate of {tmp_path / 'a.txt'}",
        "c.txt": "file is empty",
    }


def test_ingest_iter_documents_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH)
    stream = iter_documents([tmp_path])
    first = next(stream)
    assert isinstance(first, Document)
    (tmp_path / "a.txt").unlink()  # already read: the stream just ends
    assert list(stream) == []


def test_ingest_text_newlines_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(ENGLISH.replace("\n", "\r\n").encode("utf-8-sig"))
    doc = read_document(path)
    assert doc.text == ENGLISH
    assert doc.doc_file == "crlf.txt" and doc.path == str(path)


def test_ingest_unexpected_parser_error_becomes_failed_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.ingest.formats as formats

    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.txt").write_text(ENGLISH.replace("Tuesday", "Friday"))

    def broken(path: Path, data: bytes) -> str:
        if path.name == "a.txt":
            raise RecursionError("parser blew up")
        return data.decode()

    monkeypatch.setattr(formats, "_decode", broken)
    results = list(iter_documents([tmp_path]))
    assert isinstance(results[0], FailedDocument)
    assert results[0].reason.startswith("unexpected error while reading (RecursionError")
    assert isinstance(results[1], Document)


def test_ingest_missing_input_fails_before_any_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH)
    stream = iter_documents([tmp_path, tmp_path / "missing"])
    with pytest.raises(UsageError):
        next(stream)
