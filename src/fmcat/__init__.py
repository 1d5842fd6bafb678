"""fmcat: keep a curated list of research papers as one clean TOML catalog."""

__version__ = "0.1.0"
