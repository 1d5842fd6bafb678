"""Exporters: BibTeX, CSL-JSON and fmcat's own JSON."""
