"""Keys of ``Doc.user_data`` that sitrep's components share (a leaf module: no imports)."""

# the country the build says its reports are about (``sitrep build --country``): the
# components fall back on it when a document names none
DECLARED_COUNTRY = "sitrep_declared_country"
