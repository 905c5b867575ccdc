"""Quality measurement against hand-annotated gold data (geocoding, events)."""
