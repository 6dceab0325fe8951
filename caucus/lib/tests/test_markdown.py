from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from caucus.lib.markdown import ALLOWED_TAGS, render_markdown

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](https://tracker.example/pixel.gif)",
    "![x](//tracker.example/pixel.gif)",
    "<svg><script>alert(1)</script></svg>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "[x](  javascript:alert(1) )",
    '<http://example.org/"onmouseover="alert(1)>',
    "&#106;avascript:alert(1)",
    "[a](<javascript:alert(1)>)",
    "<details open ontoggle=alert(1)>",
]


class ActiveContent(HTMLParser):
    """Collects everything in rendered HTML that could run, load or navigate off-site."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("style", "srcset"):
                self.problems.append(f"attribute {name}")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:", "#")):
                self.problems.append(f"href {value}")
            if name == "src" and (not value.startswith("/") or value.startswith("//")):
                self.problems.append(f"src {value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.problems


def test_it_renders_plain_markdown():
    html = render_markdown("# Title\n\nSome **bold** and a [link](https://example.org).")
    assert html == (
        "<h2>Title</h2>\n<p>Some <strong>bold</strong> and a "
        '<a href="https://example.org" rel="nofollow noopener noreferrer">link</a>.</p>\n'
    )


def test_same_origin_images_survive():
    assert '<img src="/media/logos/a.png" alt="a">' in render_markdown("![a](/media/logos/a.png)")


def test_the_xss_corpus_is_neutralised():
    for attempt in XSS:
        html = render_markdown(attempt)
        assert active_content(html) == [], (attempt, html)
        assert "tracker.example" not in html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400) | st.sampled_from(XSS))
def test_any_input_renders_without_error_or_active_content(text):
    assert active_content(render_markdown(text)) == []
