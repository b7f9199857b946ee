"""Charts and maps of the release, drawn with matplotlib in the house style
of the Government Analysis Function.

Each chart and map is drawn from a tidy table computed by ``release.figures``
and returns SVG (text kept as text), alt text, an HTML data table and a CSV.
"""
