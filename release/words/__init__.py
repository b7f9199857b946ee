"""Stage 3: words. The Jinja filters that choose words from numbers
(``filters``) and the text a release's ``release.toml`` carries for that
release only (``commentary``)."""
