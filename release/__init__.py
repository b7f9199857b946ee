"""Ofsted children's social care release: load, validate, compute, render.

Data flows one way through the modules of this package:

    config, load, validate  ->  figures  ->  qa  ->  words / render  ->  output

Charts and maps are drawn by the sibling package ``charts`` from the
tables that ``figures`` computes.
"""
