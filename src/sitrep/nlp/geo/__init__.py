"""Geocoding: resolve place names in reports to ACLED-style places.

- :mod:`~sitrep.nlp.geo.normalize`: spelling-insensitive keys (:func:`normalize`,
  :func:`fold`, :func:`split_feature`); folding tables in ``data/gazetteer/folding.yaml``;
- :mod:`~sitrep.nlp.geo.entry`: :class:`Entry`, one gazetteer record;
- :mod:`~sitrep.nlp.geo.gazetteer`: :class:`Gazetteer`, the place index and its ranking;
- :mod:`~sitrep.nlp.geo.world`: the rest of the world: GeoNames places with admin1/admin2
  and admin units (``data/gazetteer/world_*``, from ``scripts/build_world_gazetteer.py``),
  ``pycountry`` countries and subdivisions;
- :mod:`~sitrep.nlp.geo.recognizer`: :class:`PlaceRecognizer`, the ``sitrep_places``
  spaCy component.
"""

from __future__ import annotations

from sitrep.nlp.geo.entry import AF_ISO, AF_NAME, Entry
from sitrep.nlp.geo.gazetteer import Gazetteer, default_gazetteer
from sitrep.nlp.geo.normalize import DATA_DIR, fold, normalize, split_feature
from sitrep.nlp.geo.recognizer import (
    PlaceRecognizer,
    find_places,
    focus_countries,
    focus_provinces,
    make_place_recognizer,
)

__all__ = [
    "AF_ISO",
    "AF_NAME",
    "DATA_DIR",
    "Entry",
    "Gazetteer",
    "PlaceRecognizer",
    "default_gazetteer",
    "find_places",
    "focus_countries",
    "focus_provinces",
    "fold",
    "make_place_recognizer",
    "normalize",
    "split_feature",
]
