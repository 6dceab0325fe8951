"""caucus/lib/markdown_text.py: a passage copied from the rendered text is found in the
Markdown source (emphasis, links, lists, headings ignored); replacing the span found leaves
the rest of the text rendering as before; version diffs read rendered text."""

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from caucus.lib.markdown_text import scan, source_passage, text_blocks

SOURCE = (
    "## The _demands_ of the port\n\n"
    "We **fully support** the striking [dock workers](https://example.org/a_(b)) of the port.\n\n"
    "- fair *pay* for all\n"
    "- 2 * 3 shifts, not `overtime`\n"
    "1. free \\*unions\\*\n\n"
    "> Solidarity is **our** strength.\n"
)


def normalized(text: str) -> str:
    return " ".join(text.split())


class SourcePassageTestCase(SimpleTestCase):
    def test_emphasis_is_taken_whole(self):
        self.assertEqual(
            source_passage(SOURCE, "fully support the striking"), "**fully support** the striking"
        )
        self.assertEqual(source_passage(SOURCE, "fair pay"), "fair *pay*")

    def test_a_passage_inside_emphasis_keeps_the_emphasis_outside(self):
        self.assertEqual(source_passage(SOURCE, "fully"), "fully")

    def test_links_headings_lists_and_quotes(self):
        self.assertEqual(
            source_passage(SOURCE, "dock workers of the port"),
            "[dock workers](https://example.org/a_(b)) of the port",
        )
        self.assertEqual(source_passage(SOURCE, "The demands of"), "The _demands_ of")
        self.assertEqual(source_passage(SOURCE, "not overtime"), "not `overtime`")
        self.assertEqual(source_passage(SOURCE, "free *unions*"), "free \\*unions\\*")
        self.assertEqual(source_passage(SOURCE, "Solidarity is our"), "Solidarity is **our**")

    def test_whitespace_and_line_breaks_do_not_matter(self):
        self.assertEqual(
            source_passage(SOURCE, "demands of the port\n We  fully support"),
            "_demands_ of the port\n\nWe **fully support**",
        )

    def test_a_span_that_would_cut_emphasis_or_a_link_is_refused(self):
        self.assertIsNone(source_passage(SOURCE, "support the striking"))
        self.assertIsNone(source_passage(SOURCE, "striking dock"))

    def test_absent_repeated_or_exact_passages_are_left_to_the_caller(self):
        self.assertEqual(source_passage(SOURCE, "nowhere"), "nowhere")
        self.assertEqual(source_passage(SOURCE, "port"), "port")  # exact in the source
        self.assertEqual(source_passage(SOURCE, "the"), "the")

    def test_the_diff_text_has_no_markup(self):
        blocks = text_blocks(SOURCE)
        self.assertNotIn("**", blocks)
        self.assertIn("We fully support the striking dock workers of the port.", blocks)
        self.assertEqual(len(blocks.split("\n")), 6)


# Random Markdown from a small grammar: words, some emphasized, in code or linked, in
# paragraphs, headings, list items and quotes.
WORD = st.sampled_from(["port", "strike", "union", "wages", "dock", "free", "all", "we", "now"])


@st.composite
def phrase(draw) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=3))
    text = " ".join(words)
    style = draw(st.sampled_from(["plain", "plain", "strong", "em", "code", "link"]))
    return {
        "plain": text,
        "strong": f"**{text}**",
        "em": f"_{text}_",
        "code": f"`{text}`",
        "link": f"[{text}](https://example.org/{words[0]})",
    }[style]


@st.composite
def block(draw) -> str:
    text = " ".join(draw(st.lists(phrase(), min_size=1, max_size=5)))
    prefix = draw(st.sampled_from(["", "", "## ", "- ", "1. ", "> "]))
    return prefix + text


DOCUMENT = st.lists(block(), min_size=1, max_size=4).map("\n\n".join)


class MappingPropertiesTestCase(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(DOCUMENT)
    def test_the_scanner_reads_what_markdown_renders(self, source):
        self.assertEqual(normalized(scan(source)[0]), normalized(text_blocks(source)))

    @settings(max_examples=300, deadline=None)
    @given(DOCUMENT, st.data())
    def test_replacing_the_span_found_changes_only_the_passage(self, source, data):
        rendered = normalized(text_blocks(source))
        words = rendered.split(" ")
        start = data.draw(st.integers(0, len(words) - 1))
        end = data.draw(st.integers(start + 1, min(len(words), start + 6)))
        passage = " ".join(words[start:end])
        first = rendered.find(passage)
        if rendered.find(passage, first + 1) >= 0 or passage in source:
            return  # not once in the text (the caller says so), or already source
        span = source_passage(source, passage)
        if span is None:
            return  # the passage cuts emphasis or a link: refused, never mangled
        self.assertEqual(source.count(span), 1)
        changed = source.replace(span, "REPLACED", 1)
        self.assertEqual(normalized(text_blocks(changed)), rendered.replace(passage, "REPLACED", 1))

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=300), st.text(max_size=60))
    def test_any_text_is_answered_without_an_error(self, source, passage):
        span = source_passage(source, passage)
        self.assertTrue(span is None or isinstance(span, str))
