"""Inputs that are not plain files: named pipes, symlinked folders, ``--out`` on a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sitrep.ingest import iter_documents, iter_paths
from sitrep.records import Document, FailedDocument

TEXT = ("On 6 September 2021, Taliban fighters captured Rokha district in Panjshir "
        "province after heavy fighting, officials said.\n")


def _alarm(seconds: int) -> None:
    """Fail instead of hanging the suite if reading blocks."""
    def boom(signum: int, frame: object) -> None:
        raise TimeoutError("reading the inputs blocked")

    signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)


def test_ingest_named_pipe_is_one_failure_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # nobody ever writes to it: open() would block forever
    _alarm(20)
    try:
        items = list(iter_documents([tmp_path]))
        explicit = list(iter_documents([tmp_path / "b.txt"]))
    finally:
        signal.alarm(0)
    assert [type(i) for i in items] == [Document, FailedDocument]
    failed = items[1]
    assert isinstance(failed, FailedDocument) and failed.path == str(tmp_path / "b.txt")
    assert failed.reason == "not a regular file (a named pipe), skipped"
    assert [i.reason for i in explicit if isinstance(i, FailedDocument)] == [failed.reason]


def test_ingest_symlinked_folders_are_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "inner").mkdir(parents=True)
    (real / "inner" / "a.txt").write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(real, target_is_directory=True)
    (real / "inner" / "loop").symlink_to(real, target_is_directory=True)  # a cycle
    paths = list(iter_paths([corpus]))
    assert paths == [corpus / "linked" / "inner" / "a.txt"]


def test_cli_out_pointing_at_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("x\n", encoding="utf-8")
    sitrep = Path(sys.executable).with_name("sitrep")
    proc = subprocess.run([str(sitrep), "build", str(tmp_path / "a.txt"), "--out", str(target)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: --out {target}: is a file, not a folder; give a folder path"]
    assert target.read_text(encoding="utf-8") == "x\n"
