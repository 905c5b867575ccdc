"""The build: ingest → nlp → extract → store → merge → outputs, on one machine or on Ray."""

from sitrep.pipeline.run import BuildResult, build

__all__ = ["BuildResult", "build"]
