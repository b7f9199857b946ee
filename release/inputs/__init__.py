"""Stage 1: inputs. Code that turns source files into release folders in
the data contract (data/README.md), before the build reads them."""
