"""Conflict actors as data: YAML actor files, a lookup registry and two spaCy components.

Who fights whom is conflict knowledge, so it lives in ``data/actors/*.yaml`` (schema in
that folder's README).

- :mod:`~sitrep.nlp.actors.actor`: :class:`Actor`, :class:`Person`, :class:`AliasHit`,
  :func:`interaction`;
- :mod:`~sitrep.nlp.actors.loader`: reading and cross-checking the actor files;
- :mod:`~sitrep.nlp.actors.registry`: :class:`ActorRegistry`, text → actor, state forces;
- :mod:`~sitrep.nlp.actors.tagger`: the ``sitrep_actors`` component (``doc.spans["actors"]``);
- :mod:`~sitrep.nlp.actors.state_forces`: the ``sitrep_state_forces`` component.
"""

from __future__ import annotations

from sitrep.nlp.actors.actor import Actor, AliasHit, Person, interaction
from sitrep.nlp.actors.loader import packaged_actor_files
from sitrep.nlp.actors.registry import ActorRegistry, load_registry
from sitrep.nlp.actors.state_forces import (
    StateForceResolver,
    document_country,
    make_state_force_resolver,
)
from sitrep.nlp.actors.tagger import ActorTagger, make_actor_tagger

__all__ = [
    "Actor",
    "ActorRegistry",
    "ActorTagger",
    "AliasHit",
    "Person",
    "StateForceResolver",
    "document_country",
    "interaction",
    "load_registry",
    "make_actor_tagger",
    "make_state_force_resolver",
    "packaged_actor_files",
]
