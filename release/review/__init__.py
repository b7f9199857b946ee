"""Stage 5: review. The release's checks of its own numbers (``qa``), the
reviewer's edition (``edition``, with ``trace``), trying a sentence's cases
(``try_cases``) and the live preview for whoever edits the commentary
(``preview``)."""
