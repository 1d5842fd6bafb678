"""Metadata sources: arXiv, Crossref and doi.org, behind one HTTP client."""
