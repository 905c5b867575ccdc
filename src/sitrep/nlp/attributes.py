"""A faster, exact ``match`` for the English model's ``attribute_ruler``.

spaCy's attribute ruler runs a general ``Matcher`` over its ~180 patterns (a tag map
and word exceptions that set POS, MORPH and LEMMA): about a tenth of the model's own
time in a build. Its patterns use few features (one or two tokens; ``TAG``, ``LOWER``,
``DEP``, ``IS_SPACE`` compared for equality, ``IN``, ``NOT_IN`` or ``REGEX``), so they are
compiled here into column tests over one ``Doc.to_array`` call. The matches are the same
tuples spaCy's ``AttributeRuler.match`` returns, in the same order, and spaCy's own
``set_annotations`` writes them, so the annotations are identical. A model whose ruler
uses anything else keeps spaCy's matcher (:func:`speed_up` returns False).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_STRING_COLUMNS = {"TAG", "LOWER", "DEP"}  # the others hold flags (0/1)


class Unsupported(ValueError):
    """A pattern this module does not compile (the ruler keeps spaCy's matcher)."""


@dataclass(frozen=True)
class _Test:
    column: int  # index into the columns array
    op: str  # "eq", "in", "not_in", "regex"
    value: Any  # an int, a sorted int64 array, or a compiled pattern


@dataclass(frozen=True)
class _Pattern:
    key: int  # the ruler's attribute index ("0", "1", ... in its matcher)
    match_id: int  # the matcher key's string id, as spaCy returns it
    tokens: tuple[tuple[_Test, ...], ...]


def _value_id(name: str, value: Any) -> int:
    if name in _STRING_COLUMNS:
        if not isinstance(value, str):
            raise Unsupported(f"{name}: {value!r}")
        return int(get_string_id(value))
    if isinstance(value, bool):
        return int(value)
    raise Unsupported(f"{name}: {value!r}")


def _token_tests(spec: dict, names: list[str]) -> tuple[_Test, ...]:
    tests = []
    for name, value in spec.items():
        if name not in _COLUMNS:
            raise Unsupported(name)
        if name not in names:
            names.append(name)
        column = names.index(name)
        if not isinstance(value, dict):
            tests.append(_Test(column, "eq", _value_id(name, value)))
            continue
        if len(value) != 1:
            raise Unsupported(f"{name}: {value!r}")
        ((op, operand),) = value.items()
        if (op in ("IN", "NOT_IN") and isinstance(operand, list) and operand
                and name in _STRING_COLUMNS):
            ids = np.array(sorted({_value_id(name, v) for v in operand}), dtype=np.uint64)
            tests.append(_Test(column, op.lower(), ids))
        elif op == "REGEX" and isinstance(operand, str) and name == "LOWER":
            tests.append(_Test(column, "regex", re.compile(operand)))
        else:
            raise Unsupported(f"{name}: {value!r}")
    return tuple(tests)


class FastMatch:
    """``AttributeRuler.match`` for one ruler, compiled from its patterns."""

    def __init__(self, ruler: Any) -> None:
        self.strings = ruler.vocab.strings
        names: list[str] = []
        patterns = []
        for i, entry in enumerate(ruler.patterns):
            match_id = int(self.strings.add(str(i)))
            for pattern in entry["patterns"]:
                if not pattern or not all(isinstance(t, dict) for t in pattern):
                    raise Unsupported(repr(pattern))
                patterns.append(_Pattern(i, match_id,
                                         tuple(_token_tests(t, names) for t in pattern)))
        self.columns = [_COLUMNS[n] for n in names]
        # one-token patterns with an equality test are looked up by that value (the tag
        # map, word exceptions); the rest are tested at every position
        self.indexed: dict[tuple[int, int], list[tuple[_Pattern, tuple[_Test, ...]]]] = {}
        self.scanned: list[_Pattern] = []
        for p in patterns:
            first = next((t for t in p.tokens[0] if t.op == "eq"), None)
            if len(p.tokens) == 1 and first is not None:
                rest = tuple(t for t in p.tokens[0] if t is not first)
                self.indexed.setdefault((first.column, first.value), []).append((p, rest))
            else:
                self.scanned.append(p)
        self.index_columns = sorted({c for c, _ in self.indexed})
        self._regex: dict[tuple[str, int], bool] = {}  # (pattern, lower id) -> found

    def _regex_mask(self, rx: re.Pattern[str], column: np.ndarray) -> np.ndarray:
        values, inverse = np.unique(column, return_inverse=True)
        found = np.empty(len(values), dtype=bool)
        for j, value in enumerate(values.tolist()):
            k = (rx.pattern, value)
            hit = self._regex.get(k)
            if hit is None:
                hit = self._regex[k] = bool(rx.search(self.strings[value]))
            found[j] = hit
        return found[inverse.reshape(-1)]

    def _mask(self, test: _Test, column: np.ndarray) -> np.ndarray:
        if test.op == "eq":
            return column == test.value
        if test.op in ("in", "not_in"):  # test.value is sorted
            at = np.minimum(np.searchsorted(test.value, column), len(test.value) - 1)
            found = test.value[at] == column
            return found if test.op == "in" else ~found
        return self._regex_mask(test.value, column)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if not n:
            return []
        table = doc.to_array(self.columns).astype(np.uint64, copy=False).reshape(n, -1)
        cols = [table[:, j] for j in range(table.shape[1])]
        matches = []
        for c in self.index_columns:
            order = np.argsort(cols[c], kind="stable")  # positions ascending per value
            values, first = np.unique(cols[c][order], return_index=True)
            ends = [*first[1:].tolist(), n]
            for value, start, end in zip(values.tolist(), first.tolist(), ends, strict=True):
                found = self.indexed.get((c, value))
                if not found:
                    continue
                at = order[start:end]
                for p, rest in found:
                    hits = at
                    for test in rest:
                        hits = hits[self._mask(test, cols[test.column][hits])]
                    matches.extend((p.key, p.match_id, s, s + 1) for s in hits.tolist())
        for p in self.scanned:
            width = len(p.tokens)
            if width > n:
                continue
            starts = n - width + 1
            mask = None
            for offset, tests in enumerate(p.tokens):
                for test in tests:
                    m = self._mask(test, cols[test.column][offset : offset + starts])
                    mask = m if mask is None else mask & m
            hits = np.flatnonzero(mask) if mask is not None else np.arange(starts)
            matches.extend((p.key, p.match_id, s, s + width) for s in hits.tolist())
        return sorted(set(matches))  # spaCy's order; one match per key and span


def speed_up(ruler: Any) -> bool:
    """Give ``ruler`` (a spaCy ``AttributeRuler``) the compiled ``match``; False (and
    spaCy's matcher kept) when one of its patterns uses a feature not compiled here."""
    try:
        ruler.match = FastMatch(ruler)
    except Unsupported:
        return False
    return True


# -- the lemmatizer ---------------------------------------------------------------------

_LEMMAS_MAX = 500_000  # kept (word, POS, morphology) → lemma answers, per lemmatizer


class _KeptLemmas:
    """A spaCy ``Lemmatizer`` whose ``__call__`` reads each token's (ORTH, POS, MORPH) from
    one ``Doc.to_array`` and writes every lemma with one ``Doc.from_array``, asking its
    own ``lemmatize`` once per distinct triple. spaCy's rule lemmatizer is a function of
    exactly that triple (its own cache key; the answers it does not cache, base forms and
    words of a POS without rules, are too), so the lemmas are the same; spaCy walks the
    tokens one by one in Python, a few per cent of a build."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not getattr(self, "_validated", False):
            return super().__call__(doc)  # type: ignore[misc]  # validates its tables once
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = np.ascontiguousarray(table[:, 3])
        todo = np.arange(n) if self.overwrite else np.flatnonzero(lemmas == 0)  # type: ignore[attr-defined]
        if not len(todo):
            return doc
        kept: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_sitrep_kept", {})
        strings = doc.vocab.strings
        for i, key in zip(todo.tolist(), map(tuple, table[todo, :3].tolist()), strict=True):
            lemma = kept.get(key)
            if lemma is None:
                if len(kept) >= _LEMMAS_MAX:
                    kept.clear()
                lemma = kept[key] = strings.add(self.lemmatize(doc[i])[0])  # type: ignore[attr-defined]
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(n, 1))
        return doc


_KEPT_CLASSES: dict[type, type] = {}


def speed_up_lemmatizer(lemmatizer: Any) -> bool:
    """Give ``lemmatizer`` (a spaCy ``Lemmatizer`` in rule or lookup mode) the array-based
    ``__call__`` of :class:`_KeptLemmas` (same lemmas); False when it is anything else."""
    from spacy.pipeline import Lemmatizer

    base = type(lemmatizer)
    if not issubclass(base, Lemmatizer) or getattr(lemmatizer, "mode", "") not in {
            "rule", "lookup"} or base.__call__ is not Lemmatizer.__call__:
        return isinstance(lemmatizer, _KeptLemmas)
    kept = _KEPT_CLASSES.get(base)
    if kept is None:
        kept = _KEPT_CLASSES[base] = type(f"Kept{base.__name__}", (_KeptLemmas, base), {})
    lemmatizer.__class__ = kept
    return True


# -- the models' matrix products --------------------------------------------------------


def speed_up_models(nlp: Any) -> int:
    """Run the matrix products of ``nlp``'s neural components (tok2vec, tagger, the
    parser's and NER's own tok2vec and feature layers) through numpy's OpenBLAS instead
    of thinc's bundled BLIS, on one thread (:func:`sitrep.nlp.embed.single_thread_blas`).

    The layers are unchanged; only the GEMM of thinc's ``NumpyOps`` is swapped (thinc's
    own ``use_blis=False``). On the development machine's CPU the bundled BLIS reaches
    about a third of OpenBLAS's speed on these shapes, and the two products differ only in
    float32 rounding: the tags, parse, entities and lemmas of the example corpus copied 5
    times (49,365 tokens) were identical. The per-step scoring inside the parser and NER
    (thinc's C-level BLAS) is not changed. Models on any other ops (a GPU) are left alone.
    Returns the number of layers switched."""
    from thinc.api import NumpyOps

    from sitrep.nlp.embed import single_thread_blas

    single_thread_blas()
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
                node.ops = ops
                switched += 1
    return switched
