"""Ofsted children's social care release: load, validate, compute, render.

Data flows one way, through one package per stage:

    inputs  ->  figures  ->  words (and the sibling package ``charts``)  ->  outputs  ->  review

- ``inputs/``: the release's metadata (``config``), its source files read
  (``load``) and checked into typed tables (``validate``), the judgements'
  vocabulary, the LAs of any year, and the importers of published files.
- ``figures/``: every figure, computed from the validated tables into the
  ledger, with the rules of what is material.
- ``words/``: the filters that choose words from numbers, and the text a
  release carries for itself only. ``charts`` draws the charts and maps.
- ``outputs/``: the web page, the PDF, the spreadsheets, the open data, the
  series page and the release folder written whole.
- ``review/``: the release's checks of its own numbers (``qa``), the
  reviewer's edition, ``--try`` and the live preview.

A stage imports only from the stages before it (tests/test_stages.py).
Every stage may import the foundation here: ``errors``, ``numbers``,
``periods``, the number ``ledger``, the build ``cache``, ``collector``,
``progress`` and ``beside``. The orchestration runs the stages:
``pipeline`` (the build, stage by stage) and ``series`` (each release read
beside the one before it, and signed off).
"""
