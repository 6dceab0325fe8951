from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from caucus.lib.diff import diff_stats, render_diff, tokenize, word_diff

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


class WordDiffTestCase(SimpleTestCase):
    def test_it_marks_words_added_and_removed(self):
        chunks = word_diff("fair pay for all", "fair wages for all workers")
        self.assertEqual(diff_stats(chunks), {"added": 2, "removed": 1})
        html = render_diff(chunks)
        self.assertIn('<del><span class="visually-hidden">removed: </span>pay</del>', html)
        self.assertIn('<ins><span class="visually-hidden">added: </span>wages</ins>', html)

    def test_it_escapes_html(self):
        html = render_diff(word_diff("a", "<script>alert(1)</script> a"))
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_it_keeps_line_breaks(self):
        self.assertEqual("".join(tokenize("a\n\nb  c")), "a\n\nb  c")

    @given(texts, texts)
    def test_it_rebuilds_both_texts(self, old, new):
        chunks = word_diff(old, new)
        self.assertEqual("".join(c.text for c in chunks if c.op != "insert"), old)
        self.assertEqual("".join(c.text for c in chunks if c.op != "delete"), new)
        render_diff(chunks)  # never raises

    @given(texts)
    def test_it_finds_no_change_in_equal_texts(self, text):
        self.assertEqual(diff_stats(word_diff(text, text)), {"added": 0, "removed": 0})
