"""Reading a template's Jinja tokens, for the extensions that rewrite them:
the sentence ids of the changes page (``sentence_ids``) and the reviewer's
traced conditions (``release.review.trace``) read a tag and a condition
the same way."""


def until(tokens, kind: str) -> list:
    """The tokens up to and including the next one of ``kind`` (e.g. the
    rest of a tag, to its ``block_end``), taken from the iterator."""
    out = []
    for t in tokens:
        out.append(t)
        if t.type == kind:
            break
    return out


def tag_word(body: list) -> tuple:
    """A tag's first token and its word ("if", "endfor"; "" where it starts
    with no name)."""
    head = body[0] if body else None
    return head, head.value if head is not None and head.type == "name" else ""


def condition_source(tokens) -> str:
    """A condition as written, near enough, from its tokens."""
    out = ""
    for t in tokens:
        v = repr(t.value) if t.type == "string" else str(t.value)
        if not out or t.type in ("dot", "rparen", "rbracket", "comma") or out.endswith((".", "(", "[")):
            out += v + (" " if t.type == "comma" else "")
        elif t.type in ("lparen", "lbracket") and out[-1:].isalnum():
            out += v
        else:
            out += " " + v
    return out
