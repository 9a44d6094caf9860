"""Importers: other formats -> content folders."""
