"""Normalisation: everything that enters the catalog passes through these small steps."""
