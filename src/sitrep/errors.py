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


_STOP: list[type[KeyboardInterrupt]] = []  # the stop asked for (Ctrl+C or SIGTERM), if any


def request_stop(kind: type[KeyboardInterrupt]) -> None:
    """Remember that the user asked to stop. A library that runs Python code while it
    works (DuckDB checks signals during a query) may swallow the exception the signal
    raised; the build then still stops at its next :func:`check_stop`."""
    if not _STOP:
        _STOP.append(kind)


def check_stop() -> None:
    """Raise the stop the user asked for (no-op when none was asked for)."""
    if _STOP:
        raise _STOP[0]()
