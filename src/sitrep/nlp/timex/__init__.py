"""Find and resolve temporal expressions in conflict reports.

A :class:`Narrative` walks one document in reading order. Explicit days ("On 5
September") set the *narrative time*; relative phrases ("the next day", "two days
later") resolve against it, deictic ones ("yesterday", "on Monday", "last week")
against the document's publication date (the *anchor*). Years missing from a date
are inferred from whichever was seen last. Every result is a
:class:`sitrep.records.Timex` with an ACLED ``time_precision`` (1 day, 2 week or
~10-day window, 3 month or longer).

Lexicon (month and weekday names, relative phrases, part-of-month windows, the words
that tell a year from a count) lives in ``data/lexicon/time.yaml``.

Modules: ``lexicon`` (time.yaml → patterns), ``scan`` (candidate expressions in a
sentence), ``narrative`` (:class:`Narrative`, the resolver), ``component`` (the
registered ``sitrep_timex`` spaCy component).
"""

from sitrep.nlp.timex.component import timex_component
from sitrep.nlp.timex.lexicon import load_time_lexicon
from sitrep.nlp.timex.narrative import Narrative

__all__ = ["Narrative", "load_time_lexicon", "timex_component"]
