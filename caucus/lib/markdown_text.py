"""Markdown as readers see it: the rendered text, and the way back to the source.

A person proposing an amendment copies a passage from the rendered statement, where
"**fully support** the striking" reads "fully support the striking". `source_passage` finds
that passage in the Markdown source ignoring the markup (emphasis, links, headings, list
markers, quotes, code ticks, escapes) and whitespace, and returns the source span to replace,
widened where needed so that it opens and closes the same emphasis and links (replacing half
of an emphasis would break the text around it).

`text_blocks` is the rendered text of a source, one block (paragraph, heading, list item,
quote, code) per line: what version comparisons diff, so "**" never shows in a diff.
"""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_BLOCK_MARKER = re.compile(r" {0,3}(?:#{1,6}(?= |$)|>|[-*+](?= )|\d{1,9}[.)](?= ))")
_RULE = re.compile(r" {0,3}(?:(?:[-*_] *){3,}|=+|`{3,}.*|~{3,}.*) *$")
_DELIMITERS = "*_~`"
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SPACE = re.compile(r"\s+")

_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Token:
    """A piece of inline markup: a delimiter run ("**"), "[" / "![", or a link's "](…)"."""

    start: int
    end: int
    kind: str  # "open", "close", "both" (a run that may do either), "link_open", "link_close"
    text: str


def _flanking(source: str, start: int, end: int) -> str:
    """Whether a delimiter run may open, close or both (CommonMark's flanking, simplified)."""
    before = source[start - 1] if start > 0 else " "
    after = source[end] if end < len(source) else " "
    opens = not after.isspace() and (before.isspace() or before in _PUNCTUATION or start == 0)
    closes = not before.isspace() and (
        after.isspace() or after in _PUNCTUATION or end == len(source)
    )
    if not opens and not closes:
        both = not before.isspace() and not after.isspace()
        return "both" if both and source[start] == "*" else ""
    return "both" if opens and closes else "open" if opens else "close"


def _link_tail(source: str, index: int) -> int:
    """The end of "](destination)" starting at `index`, or -1 when it is not a link's tail."""
    if not source.startswith("](", index):
        return -1
    depth, i = 0, index + 2
    while i < len(source) and source[i] != "\n":
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "(":
            depth += 1
        elif source[i] == ")":
            if depth == 0:
                return i + 1
            depth -= 1
        i += 1
    return -1


def _items(source: str) -> list[tuple[int, str] | Token]:
    """The source read line by line: visible characters (offset, char) and inline markup."""
    items: list[tuple[int, str] | Token] = []
    line_start = 0
    for line in source.split("\n"):
        end_of_line = line_start + len(line)
        i = line_start
        if _RULE.fullmatch(line):
            i = end_of_line  # a rule, a setext underline or a code fence: nothing to read
        else:
            while match := _BLOCK_MARKER.match(source, i, end_of_line):
                i = match.end()
                while i < end_of_line and source[i] == " ":
                    i += 1
        while i < end_of_line:
            i = _read(source, i, end_of_line, items)
        items.append((end_of_line, "\n"))
        line_start = end_of_line + 1
    return items


def _read(source: str, i: int, end_of_line: int, items: list) -> int:
    """Read one visible character or one piece of markup at `i`; return where the next starts."""
    char = source[i]
    if char == "\\" and i + 1 < end_of_line and source[i + 1] in _PUNCTUATION:
        items.append((i + 1, source[i + 1]))
        return i + 2
    if char in _DELIMITERS:
        run_end = i
        while run_end < end_of_line and source[run_end] == char:
            run_end += 1
        kind = "both" if char == "`" else _flanking(source, i, run_end)
        if kind and (char != "_" or kind != "both"):  # no emphasis inside words with "_"
            items.append(Token(i, run_end, kind, source[i:run_end]))
            return run_end
    if char == "[" or (char == "!" and source.startswith("[", i + 1)):
        width = 1 if char == "[" else 2
        items.append(Token(i, i + width, "link_open", source[i : i + width]))
        return i + width
    tail = _link_tail(source, i) if char == "]" else -1
    if tail > 0:
        items.append(Token(i, tail, "link_close", source[i:tail]))
        return tail
    items.append((i, char))
    return i + 1


def _matched(items: list) -> set[Token]:
    """The markup that pairs up within its paragraph; the rest renders as written."""
    matched: set[Token] = set()
    stack: list[Token] = []
    previous_newline = False
    for item in items:
        if not isinstance(item, Token):
            blank_line = item[1] == "\n" and previous_newline
            previous_newline = item[1] == "\n"
            if blank_line:
                stack = []  # emphasis and links never cross paragraphs
            continue
        previous_newline = False
        if item.kind == "link_close":
            opener = next((t for t in reversed(stack) if t.kind == "link_open"), None)
        elif item.kind in ("close", "both"):
            opener = next(
                (t for t in reversed(stack) if t.text == item.text or t.kind == "link_open"),
                None,
            )
            opener = opener if opener is not None and opener.kind != "link_open" else None
        else:
            opener = None
        if opener is not None:
            matched.update((opener, item))
            del stack[stack.index(opener) :]
        elif item.kind in ("open", "both", "link_open"):
            stack.append(item)
    return matched


def scan(source: str) -> tuple[str, list[int], list[Token]]:
    """(visible text, source index of each visible character, the inline markup that pairs)."""
    items = _items(source)
    matched = _matched(items)
    visible: list[str] = []
    offsets: list[int] = []
    for item in items:
        if isinstance(item, Token):
            if item in matched:
                continue
            pairs = [(item.start + k, c) for k, c in enumerate(item.text)]
        else:
            pairs = [item]
        for offset, char in pairs:
            visible.append(char)
            offsets.append(offset)
    return "".join(visible), offsets, [t for t in items if isinstance(t, Token) and t in matched]


def _normalize(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def _balanced(tokens: list[Token]) -> bool:
    """Every emphasis, code span and link opened inside the span is closed inside it."""
    stack: list[Token] = []
    for token in tokens:
        if token.kind == "link_open":
            stack.append(token)
        elif token.kind == "link_close":
            if not stack or stack[-1].kind != "link_open":
                return False
            stack.pop()
        elif stack and stack[-1].text == token.text and token.kind in ("close", "both"):
            stack.pop()
        elif token.kind in ("open", "both"):
            stack.append(token)
        else:
            return False
    return not stack


def source_passage(source: str, passage: str) -> str | None:
    """The span of `source` that renders as `passage`, or `passage` itself when it already
    occurs in the source as written, or when it does not occur once in the rendered text
    (the caller's own check then says so). None when the only span that renders as the
    passage opens or closes emphasis or a link halfway: no replacement could keep it intact.

    1. Map the rendered text back to source offsets (scan), ignoring whitespace differences.
    2. Take the source span from the passage's first to its last visible character.
    3. Widen it over the markup right before and after it, least first, until every emphasis,
       code span and link it contains is whole.
    """
    if not passage.strip() or passage in source:
        return passage
    visible, offsets, tokens = scan(source)
    # Normalized visible text, with the source index of each of its characters.
    chars: list[str] = []
    index: list[int] = []
    for char, offset in zip(visible, offsets, strict=True):
        if char.isspace() or char == "\u00a0":
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        index.append(offset)
    text = "".join(chars)
    wanted = _normalize(passage)
    at = text.find(wanted)
    if at < 0 or text.find(wanted, at + 1) >= 0:
        return passage
    start, end = index[at], index[at + len(wanted) - 1] + 1
    before = [t for t in tokens if t.end <= start]
    after = [t for t in tokens if t.start >= end]
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    # Markup touching the span: runs immediately before its start and after its end.
    lead: list[Token] = []
    for token in reversed(before):
        if token.end != (lead[-1].start if lead else start):
            break
        lead.append(token)
    trail: list[Token] = []
    for token in after:
        if token.start != (trail[-1].end if trail else end):
            break
        trail.append(token)
    candidates = sorted(
        ((a, b) for a in range(len(lead) + 1) for b in range(len(trail) + 1)),
        key=lambda ab: (ab[0] + ab[1], ab),
    )
    for a, b in candidates:
        span_tokens = list(reversed(lead[:a])) + inside + trail[:b]
        if _balanced(span_tokens):
            span_start = lead[a - 1].start if a else start
            span_end = trail[b - 1].end if b else end
            return source[span_start:span_end]
    return None


def text_blocks(source: str) -> str:
    """The rendered text of `source`, one block per line (for word diffs of versions)."""
    blocks: list[str] = []
    for token in _markdown.parse(source):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block for block in blocks if block.strip())


def _inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)
