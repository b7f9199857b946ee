"""Stage 4: outputs written from the computed figures: the web page
(``render``), the PDF (``pdf``, ``pdf_drawings``, ``pdf_structure``,
``fonts``), the spreadsheets and open data (``publication``,
``spreadsheet``, ``ods``, ``opendata``), ``figures.json``
(``figures_json``), the page of what changed (``changes``), the series page
(``series_page``), the comparison with published figures
(``reconciliation``), and the release folder written whole (``output``,
``manifest``)."""
