"""The few named errors sitrep raises; each message says what to do about it."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class: anything sitrep reports to a user as one clear line."""


class InputError(SitrepError):
    """A single input file cannot be read as a document (the batch goes on)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class DataFileError(SitrepError):
    """A packaged or user-supplied knowledge file (YAML/CSV) is malformed."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UsageError(SitrepError):
    """The caller asked for something impossible (bad option, missing folder)."""


class StoreError(SitrepError):
    """The DuckDB store cannot be opened or written."""


class DatasetError(SitrepError):
    """An external annotated corpus (``sitrep eval wikievents|rams|acled``) is unusable."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl+C so that the build stops the same way (store kept)."""
