"""Stage 4: outputs written from the computed figures."""
