"""Event extraction: one analysed document in, event mentions out.

The stages, one module each: ``lexicon`` (the trigger lexicon), ``triggers`` (trigger
words), ``modality`` (did it happen?), ``dates``, ``roles`` (who did what to whom),
``places``, ``select`` (which hits are events, and their sub-type), ``claims`` (who asserts
or disputes it), ``mention`` (one hit → mentions) and ``document`` (the sentence loop).
"""

from sitrep.extract.events.document import extract_mentions
from sitrep.extract.events.lexicon import (
    LEXICON_PATH,
    ExtractOptions,
    Lexicon,
    Trigger,
    load_lexicon,
)
from sitrep.extract.events.mention import mention_id

__all__ = [
    "LEXICON_PATH",
    "ExtractOptions",
    "Lexicon",
    "Trigger",
    "extract_mentions",
    "load_lexicon",
    "mention_id",
]
