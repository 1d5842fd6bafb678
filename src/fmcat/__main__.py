"""Allow ``python -m fmcat``."""

from fmcat.launch import entry

entry()
