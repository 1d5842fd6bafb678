"""Rendering the catalog as markdown: escaping, slugs, styles, the document, markers."""
