"""Place-name keys: transliteration folding, cue words, and the gazetteer's table reader.

Names meet through :func:`normalize`: cue words ("District", "village of") come off with
:func:`split_feature`, then :func:`fold` maps Dari/Pashto romanisations of one name to one
key. The folding tables (particles, conjunctions, letter groups, name connectors) live in
``data/gazetteer/folding.yaml``; the cue words in ``data/gazetteer/cues.csv``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR as KNOWLEDGE_DIR
from sitrep.knowledge.files import read_csv, read_yaml

DATA_DIR = KNOWLEDGE_DIR / "gazetteer"
_TABLE_KEYS = ("particles", "conjunctions", "token_folds", "name_connectors", "demonym_endings")


def read_table(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a gazetteer CSV file; a missing file says how to make it again."""
    try:
        return read_csv(path, required, what="gazetteer table")
    except DataFileError as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            raise DataFileError(
                str(path), "file not found; re-run scripts/build_gazetteer.py") from exc
        raise


def _folding_tables(path: Path) -> dict[str, list]:
    """The word lists and letter-group pairs of ``folding.yaml``, checked to be strings."""
    data = read_yaml(path, what="folding table", required=_TABLE_KEYS, allowed=("schema",))
    for key in _TABLE_KEYS:
        items = data[key]
        pairs = key == "token_folds"
        if not isinstance(items, list) or not all(
            (isinstance(i, list) and len(i) == 2 and all(isinstance(s, str) for s in i))
            if pairs else isinstance(i, str) for i in items
        ):
            what = "pairs of strings" if pairs else "strings"
            raise DataFileError(str(path), f"'{key}' must be a list of {what}")
    return data


_TABLES = _folding_tables(DATA_DIR / "folding.yaml")
_PARTICLES = frozenset(_TABLES["particles"])
_CONJUNCTIONS = frozenset(_TABLES["conjunctions"])
_TOKEN_FOLDS = tuple((old, new) for old, new in _TABLES["token_folds"])
CONNECTORS = frozenset(_TABLES["name_connectors"])
DEMONYM_ENDINGS = frozenset(_TABLES["demonym_endings"])

_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼ′]")
_POSSESSIVE = re.compile(r"['’ʼ]s\b")
_PARENS = re.compile(r"\(.*?\)")
_WORD = re.compile(r"[^\W_]+")
_C_NOT_H = re.compile(r"c(?!h)")
_FINAL_AH = re.compile(r"(?<=[^aiu])[ai]h$")
_FINAL_AH_SHORT = re.compile(r"(?<=[^aiu])ah$")  # "Gah" = "Ga", but "Deh"/"Dih" is not "Da"
_AW_VOWEL = re.compile(r"aw(?![aeiou])")  # Lowgar = Logar, Nawzad = Now Zad: aw/ow as a vowel
_DOUBLED = re.compile(r"(\w)\1+")
_ARTICLE = re.compile(r"(?<=[a-z]{3})u([lsdrntz])(?=\1)")


@functools.lru_cache(maxsize=1)
def _cue_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``cues.csv``: word, hint, position (suffix, prefix, before, head, road,
    of, facility)."""
    return tuple(read_table(DATA_DIR / "cues.csv", ("word", "hint", "position")))


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, str], dict[str, str]]:
    """(suffix cues, prefix cues): cue phrase -> feature hint, from ``cues.csv``."""
    suffix: dict[str, str] = {}
    prefix: dict[str, str] = {}
    for row in _cue_rows():
        if row["position"] in {"prefix", "suffix"}:
            target = prefix if row["position"] == "prefix" else suffix
            target[row["word"].strip().lower()] = row["hint"].strip()
    return suffix, prefix


@functools.lru_cache(maxsize=1)
def _locative_words() -> frozenset[str]:
    """Words that announce a place right after them ('in', 'near', 'captured'): cues.csv."""
    return frozenset(r["word"].strip().lower() for r in _cue_rows() if r["position"] == "before")


@functools.lru_cache(maxsize=1)
def _road_words() -> frozenset[str]:
    """Words before the towns a road or an area between towns is named by ("between X
    and Y", "on the axis X-Y", "a road linking X and Y"): cues.csv."""
    return frozenset(r["word"].strip().lower() for r in _cue_rows() if r["position"] == "road")


@functools.lru_cache(maxsize=1)
def _of_nouns() -> frozenset[str]:
    """Nouns whose "of" names a place ("the streets of X", "residents of X"): cues.csv."""
    return frozenset(r["word"].strip().lower() for r in _cue_rows() if r["position"] == "of")


@functools.lru_cache(maxsize=1)
def _facility_words() -> dict[str, str]:
    """Words after a place name that make it the place of a thing or group ("X University",
    "X police station", "X Refugee Camp", "X residents"), each with its hint ("group" for
    people, whom an ethnic name may qualify as well): cues.csv."""
    return {r["word"].strip().lower(): r["hint"].strip() for r in _cue_rows()
            if r["position"] == "facility"}


def split_feature(name: str) -> tuple[str, str | None]:
    """Split a cue word off a place name: ``"Salang Pass"`` -> ``("Salang", "pass")``.

    Handles suffix cues (District, Province, Valley, Pass, ...), prefix cues
    ("village of X") and a leading "the"; the hint steers disambiguation.
    """
    suffix, prefix = _cues()
    text = _POSSESSIVE.sub("", name.strip()).strip(" ,.;:")
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    hint: str | None = None
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]).lower() in prefix:
            hint = prefix[" ".join(words[:n]).lower()]
            words = words[n:]
            break
    for n in (2, 1):
        if len(words) > n and " ".join(words[-n:]).lower() in suffix:
            hint = hint or suffix[" ".join(words[-n:]).lower()]
            words = words[:-n]
            break
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words), hint


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _fold_token(tok: str) -> str:
    for old, new in _TOKEN_FOLDS:
        tok = tok.replace(old, new)
    if "c" in tok:
        tok = _C_NOT_H.sub("k", tok)
    if "aw" in tok:  # written aw/ow/au only: "ao" (Baoding) is not a Dari diphthong
        tok = _AW_VOWEL.sub("u", tok)
    tok = tok.replace("o", "u").replace("e", "i").replace("au", "aw")
    if not tok.endswith("h"):
        return tok
    return (_FINAL_AH if len(tok) >= 5 else _FINAL_AH_SHORT).sub("a", tok)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Transliteration key of a bare name (no cue-word handling); see :func:`normalize`."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    if not text.isalnum():
        text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
        if "(" in text:
            text = _PARENS.sub(" ", text)
    tokens: list[str] = []
    for tok in _WORD.findall(text):
        if tok in _PARTICLES:
            continue
        tokens.append("wa" if tok in _CONJUNCTIONS else _fold_token(tok))
    # Ezafe written onto the word ("Puli Khumri", "Kohi Safi") = "Pul-e Khumri".
    for i in range(len(tokens) - 1):
        if len(tokens[i]) >= 4 and tokens[i].endswith("i"):
            tokens[i] = tokens[i][:-1]
    joined = "".join(tokens)
    if "u" in joined:
        joined = _ARTICLE.sub("", joined)  # Jabalussaraj = Jabal Saraj
    joined = joined[:1] + joined[1:].replace("y", "i")
    return _DOUBLED.sub(_first_group, joined)  # doubled letters


_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,4}$")


def _key(name: str) -> str:
    """Index key: :func:`fold`, except acronyms ('US', 'U.K.') keep their letters."""
    text = name.strip()
    if _ACRONYM.match(text):
        return "=" + text.replace(".", "").lower()
    return fold(text)


def normalize(name: str) -> str:
    """Spelling-insensitive key of a place name, so that variants meet.

    Lowercases, strips diacritics and apostrophes, drops cue words (District,
    Province, Valley, Pass, "village of"), ezafe/article particles (-e-, -i-, -ye,
    ul/us), folds vowels (o/u, e/i, aw/ow before a consonant = u), v/w, q/k, x/kh,
    chahar/char, final -ah/-eh (not in short words like Deh), doubled letters, and
    joins the words: "Pol-e-Hesar", "Puli Hisar" -> "pulhisar".
    """
    core, _ = split_feature(name)
    return fold(core)



_VOWELS = re.compile(r"[aiu]")


def _skeleton(key: str) -> str:
    """A folded key without its vowels after the first letter: 'khidir' -> 'khdr'."""
    return key[:1] + _VOWELS.sub("", key[1:])


@functools.lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Generic head words of district names ('Dara-i-Pech' = 'valley of Pech'): cues.csv."""
    return frozenset(fold(r["word"]) for r in _cue_rows() if r["position"] == "head")


def _strip_head(name: str) -> str | None:
    """``name`` without a leading generic head word and its ezafe, or None if it has none."""
    words = [w for w in re.split(r"[\s-]+", _PARENS.sub(" ", name)) if w]
    if len(words) < 2 or fold(words[0]) not in _heads():
        return None
    rest = words[1:]
    while rest and rest[0].lower() in _PARTICLES:
        rest = rest[1:]
    return " ".join(rest) or None



@functools.lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_NEAR = re.compile(r"\b(?:near|outside|close to|around|vicinity of|outskirts of)\s+(?:the\s+)?$",
                   re.IGNORECASE)


def _context_cues(core: str, context: str) -> tuple[str | None, bool]:
    """(cue hint, is 'near X') read around the first occurrence of ``core`` in ``context``."""
    suffix, prefix = _cues()
    m = re.search(r"(?<!\w)" + re.escape(core) + r"(?!\w)", context, re.IGNORECASE)
    if not m:
        return None, False
    before = context[max(0, m.start() - 40): m.start()]
    after = context[m.end(): m.end() + 20].lower().split()
    hint = None
    for n in (2, 1):
        if len(after) >= n:
            word = " ".join(after[:n]).strip(",.;:)'’")
            if word in suffix:
                hint = suffix[word]
                break
    if hint is None:
        low = before.lower().rstrip()
        for phrase, h in prefix.items():
            if low.endswith(phrase) or low.endswith(phrase + " the"):
                hint = h
                break
    return hint, bool(_NEAR.search(before))


def _context_keys(context: str, own: str) -> frozenset[str]:
    """Folded 1-3 word n-grams of ``context`` (minus the mention's own key)."""
    keys = _context_ngrams(context)
    return keys - {own} if own in keys else keys


@functools.lru_cache(maxsize=512)  # a few MB: one document's sentences with names
def _context_ngrams(context: str) -> frozenset[str]:
    """Folded 1-3 word n-grams of ``context``, read once per sentence (every name of a
    sentence is resolved against the same n-grams)."""
    words = _WORD.findall(context)
    return frozenset(fold(" ".join(words[i:i + n]))
                     for n in (1, 2, 3) for i in range(len(words) - n + 1))

