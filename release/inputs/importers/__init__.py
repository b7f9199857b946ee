"""Importers: each reads one family of published files as they are and
writes release folders in the data contract (data/README.md)."""
