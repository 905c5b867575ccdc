"""Every spaCy component sitrep registers, in pipeline order, and the module that holds it.

Each component is registered (``@Language.factory`` or ``@Language.component``) next to its
logic; :func:`register_factories` imports those modules so that ``nlp.add_pipe(name)``
finds every name below (the idea of spaCy's own ``pipeline/factories.py``).
"""

from __future__ import annotations

import importlib

COMPONENTS: tuple[tuple[str, str], ...] = (
    ("sitrep_paragraphs", "sitrep.nlp"),  # blank lines end sentences, before the parser
    ("sitrep_actors", "sitrep.nlp.actors.tagger"),  # actor, person and source spans
    ("sitrep_places", "sitrep.nlp.geo.recognizer"),  # place spans, resolved
    ("sitrep_state_forces", "sitrep.nlp.actors.state_forces"),  # "the army" → whose
    ("sitrep_timex", "sitrep.nlp.timex"),  # dates against the document date
)


def register_factories() -> None:
    """Import every module that registers a sitrep component (cheap after the first call)."""
    for _name, module in COMPONENTS:
        importlib.import_module(module)
