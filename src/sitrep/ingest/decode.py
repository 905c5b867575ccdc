"""Input files: which paths to read, size limits, text encodings, control characters."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from sitrep.errors import InputError, UsageError

DEFAULT_MAX_BYTES = 20_000_000

_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_UNSUPPORTED_HINT = "sitrep reads .txt, .md, .html, .pdf"
_CORPUS_METADATA = re.compile(r"(?:readme|sources|licen[cs]e|changelog|copying)(?:[-_.].*)?", re.I)


# --------------------------------------------------------------------------- paths


def _is_corpus_metadata(name: str) -> bool:
    return _CORPUS_METADATA.fullmatch(name) is not None


def _walk(folder: Path, visited: set[Path] | None = None) -> Iterator[Path]:
    """Files under ``folder``; symlinked folders are followed, each real folder once
    (a link back to an ancestor is not followed again: no cycles). Entries that are
    neither files nor folders (named pipes, sockets, devices) are yielded too, so that
    reading them reports one line instead of blocking."""
    visited = set() if visited is None else visited
    real = folder.resolve()
    if real in visited:
        return
    visited.add(real)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, visited)
        elif entry.exists() and not _is_corpus_metadata(entry.name):
            yield entry  # a regular file, or a special file that reading will refuse


def iter_paths(inputs: Sequence[str | Path]) -> Iterator[Path]:
    """Yield the files to ingest, in a deterministic order.

    Files named explicitly are always yielded. Folders are walked recursively
    in sorted name order, skipping hidden files and folders (names starting
    with "."), folders already walked (symlinks are followed once), and corpus
    metadata files: README, SOURCES,
    LICENSE/LICENCE, CHANGELOG and COPYING, in any case, with any extension or
    "-"/"_" suffix (e.g. ``readme.md``, ``SOURCES.md``, ``LICENSE-MIT``).
    A path reached twice is yielded once. A missing path raises UsageError.
    """
    paths = [Path(raw) for raw in inputs]
    for path in paths:  # fail before yielding anything
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    for path in paths:
        found = _walk(path) if path.is_dir() else iter([path])
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


# --------------------------------------------------------------------------- decoding


def _human_size(n: int) -> str:
    if n >= 1_000_000:
        value, unit = n / 1_000_000, "MB"
    elif n >= 1_000:
        value, unit = n / 1_000, "kB"
    else:
        return f"{n} bytes"
    text = f"{value:.1f}"
    return f"{text.removesuffix('.0')} {unit}"


_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _looks_cp1252(data: bytes) -> bool:
    """True for mostly-ASCII bytes whose few high bytes stand alone (Windows-1252 prose)."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high or len(high) > 0.05 * len(data):
        return False
    if any(data[i] in _CP1252_UNDEFINED for i in high):
        return False
    if any(b < 0x20 and b not in (9, 10, 12, 13) for b in data):
        return False
    isolated = sum(
        1
        for i in high
        if (i == 0 or data[i - 1] < 0x80) and (i + 1 == len(data) or data[i + 1] < 0x80)
    )
    return isolated >= 0.9 * len(high)


def _looks_utf16_without_bom(sample: bytes) -> bool:
    if len(sample) < 8:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return evens.count(0) > 0.4 * len(evens) or odds.count(0) > 0.4 * len(odds)


def _decode(path: Path, data: bytes) -> str:
    """Bytes -> str: UTF-8 (BOM optional), UTF-16/32 with BOM, or clear Windows-1252."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    str(path), f"cannot decode text: invalid {codec.upper()} ({exc.reason})"
                ) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        if _looks_utf16_without_bom(sample):
            raise InputError(
                str(path), "looks like UTF-16 text without a byte-order mark; re-save it as UTF-8"
            )
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_cp1252(data):
            return data.decode("cp1252")
        raise InputError(
            str(path),
            f"cannot decode text: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " re-save the file as UTF-8",
        ) from exc


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _check_text_chars(path: Path, text: str) -> None:
    controls = _CONTROL.subn("", text)[1]
    if controls > max(2, 0.01 * len(text)):
        raise InputError(str(path), "binary file (control characters), not text")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"  # pragma: no cover - every other kind is one of the above


def _read_bytes(path: Path, max_bytes: int) -> tuple[str, bytes]:
    """The file's format ("text", "html" or "pdf") and its bytes, within ``max_bytes``."""
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        shown = suffix or "(no extension)"
        raise InputError(str(path), f"unsupported file type {shown} ({_UNSUPPORTED_HINT})")
    try:
        info = path.stat()
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            # a FIFO would block the build forever (a folder fails below, on open)
            raise InputError(str(path), f"not a regular file ({_file_kind(info.st_mode)}),"
                             " skipped")
        size = info.st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit"
                " (--max-bytes)",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # grew since stat
        raise InputError(
            str(path), f"file is over the {_human_size(max_bytes)} limit (--max-bytes)"
        )
    if not data.strip():
        raise InputError(str(path), "file is empty")
    return fmt, data
