"""Stage 1: inputs. A release's metadata (``config``, with the settings
it may carry: ``commentary_slots``, ``key_point_names``), its source files
read as text (``load``) and checked into typed tables (``validate``), the
vocabulary of judgements (``judgements``), the LAs of any year
(``la_sets``, ``make_la_codes``), and the importers that turn published
files into release folders in the data contract (``importers/``,
data/README.md)."""
