"""Word-level differences between two texts, for comparing statement versions.

The text is split into tokens that are either a run of non-space characters or a run of
whitespace, so joining the tokens gives the text back exactly and line breaks survive.
difflib's SequenceMatcher then aligns the two token lists.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_TOKEN = re.compile(r"\s+|\S+")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Chunk:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Chunk]:
    """Chunks whose "equal"+"delete" texts rebuild `old` and "equal"+"insert" texts `new`."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chunks: list[Chunk] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(Chunk("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            chunks.append(Chunk("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(Chunk("insert", "".join(b[j1:j2])))
    return _merge(chunks)


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    """Join changes separated only by whitespace into one deletion and one insertion.

    "fair pay" → "a living wage" reads better as one change than as two interleaved ones.
    """
    out: list[Chunk] = []
    deleted, inserted = "", ""
    for index, chunk in enumerate(chunks):
        between = (
            chunk.op == "equal"
            and not chunk.text.strip()
            and (deleted or inserted)
            and index + 1 < len(chunks)
            and chunks[index + 1].op != "equal"
        )
        if chunk.op == "delete" or between:
            deleted += chunk.text
        if chunk.op == "insert" or between:
            inserted += chunk.text
        if chunk.op == "equal" and not between:
            out += [Chunk("delete", deleted)] if deleted else []
            out += [Chunk("insert", inserted)] if inserted else []
            deleted, inserted = "", ""
            out.append(chunk)
    out += [Chunk("delete", deleted)] if deleted else []
    out += [Chunk("insert", inserted)] if inserted else []
    return out


def diff_stats(chunks: list[Chunk]) -> dict[str, int]:
    words = {"insert": 0, "delete": 0}
    for chunk in chunks:
        if chunk.op in words:
            words[chunk.op] += len(chunk.text.split())
    return {"added": words["insert"], "removed": words["delete"]}


def render_diff(chunks: list[Chunk]) -> SafeString:
    """HTML with <ins>/<del>, each labelled for screen readers (and print) by hidden text."""
    added, removed = escape(_("added:")), escape(_("removed:"))
    parts: list[str] = []
    for chunk in chunks:
        text = escape(chunk.text)
        if chunk.op == "equal":
            parts.append(text)
        elif chunk.op == "insert":
            parts.append(f'<ins><span class="visually-hidden">{added} </span>{text}</ins>')
        else:
            parts.append(f'<del><span class="visually-hidden">{removed} </span>{text}</del>')
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above
