"""One strict reader for every knowledge file (YAML and CSV), packaged or a user's.

Every stage reads its data through these two functions, so every file gets the same checks
and the same one-line error: a key given twice (YAML would silently keep the last one), a
missing required key or column, an unknown top-level key (a typo that would otherwise be
ignored), or a file that cannot be read or parsed. Errors are ``DataFileError(path, reason)``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import DataFileError

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """A safe YAML loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def read_yaml(
    path: str | Path,
    *,
    what: str = "knowledge file",
    required: Iterable[str] = (),
    allowed: Iterable[str] | None = None,
    default: Any = None,
) -> Any:
    """Parse a YAML knowledge file strictly.

    ``required`` top-level keys must be present; with ``allowed`` given, any other top-level
    key is refused. An empty file gives ``default`` (``{}`` when keys are required).
    """
    src = Path(str(path))
    try:
        data = yaml.load(src.read_text(encoding="utf-8"), Loader=StrictLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(str(src), f"cannot read {what}: {_one_line(exc)}") from exc
    required = tuple(required)
    if data is None:
        data = {} if (required or allowed is not None) and default is None else default
    if required or allowed is not None:
        if not isinstance(data, dict):
            raise DataFileError(str(src), f"{what} must be a mapping of keys to values")
        missing = [k for k in required if k not in data]
        if missing:
            raise DataFileError(str(src), f"{what} lacks the key(s) {', '.join(missing)}")
        if allowed is not None:
            known = set(allowed) | set(required)
            unknown = sorted(str(k) for k in data if k not in known)
            if unknown:
                raise DataFileError(
                    str(src), f"{what} has unknown key(s) {', '.join(unknown)} "
                    f"(known: {', '.join(sorted(map(str, known)))})")
    return data


def read_csv(
    path: str | Path, required: Sequence[str] = (), *, what: str = "table"
) -> list[dict[str, str]]:
    """Read a CSV knowledge table into dicts (blank cells are ``""``); the header must name
    every ``required`` column."""
    src = Path(str(path))
    try:
        with src.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise DataFileError(str(src), f"{what} lacks the column(s) {', '.join(missing)}")
            return [{k: (v or "") for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(str(src), f"cannot read {what}: {_one_line(exc)}") from exc
