"""Arabic pages with English content (issue 14): content keeps its own direction, lists use
the Arabic comma.

Each main public page of the demo (English statement, campaign, case, coalition, Turkish
organization...) is rendered in Arabic. Every element whose `lang` is not the page's also says
`dir` (else an English sentence inherits right-to-left and its full stop jumps to its start),
and no Latin comma separates items in the page's own (Arabic) text.
"""

from html.parser import HTMLParser
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caucus.campaigns.models import Campaign, Event
from caucus.coalitions.models import Coalition
from caucus.organizations.models import Organization
from caucus.solidarity.models import Case
from caucus.statements.models import Statement

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class LanguageWalk(HTMLParser):
    """Collects elements with a foreign `lang` and no `dir`, and the page-language text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ""
        self.stack: list[tuple[str, str]] = []  # (tag, effective language)
        self.undirected: list[str] = []
        self.page_text: list[str] = []
        self.skip = 0  # inside <script>/<style>/<code>/<pre>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        outer = self.stack[-1][1] if self.stack else ""
        lang = (attributes.get("lang") or outer).split("-")[0]
        if tag == "html":
            self.page = lang
        elif "lang" in attributes and lang != self.page and not directed(tag, attributes):
            self.undirected.append(self.get_starttag_text() or tag)
        if tag in VOID:
            return
        if tag in {"script", "style", "code", "pre", "textarea"}:
            self.skip += 1
        self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag in {"script", "style", "code", "pre", "textarea"}:
                self.skip -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] == self.page and not self.skip:
            self.page_text.append(data)


def directed(tag: str, attributes: dict) -> bool:
    # <bdi> without dir is dir="auto" (HTML, "The bdi element"): isolated by its own content.
    return "dir" in attributes or tag == "bdi"


def latin_side(char: str) -> bool:
    return (char.isalpha() and ord(char) < 0x250) or char.isdigit() or char in ").'\""


def latin_separator(text: str) -> bool:
    """A Latin ", " between two items of the page's (Arabic) text: alone between elements, or
    beside Arabic. A comma between two Latin words is English prose (an interface string not
    yet translated, or a name), not a list of ours."""
    for at in (i for i in range(len(text)) if text.startswith(", ", i)):
        before, after = text[:at].rstrip(), text[at + 2 :].lstrip()
        if not (before and after and latin_side(before[-1]) and latin_side(after[0])):
            return True
    return False


class ArabicPagesWithEnglishContentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("loaddemo", stdout=StringIO())

    def setUp(self):
        self.client.cookies["django_language"] = "ar"

    def pages(self) -> dict[str, str]:
        statement = Statement.objects.filter(published_version__isnull=False).first()
        campaign = Campaign.objects.first()
        event = Event.objects.filter(campaign=campaign).first()
        case = Case.objects.exclude(protected=True).first() or Case.objects.first()
        coalition = Coalition.objects.get(slug="cross-border-labour")
        assert statement and campaign and event and case  # noqa: S101 — the demo has them
        return {
            "home": "/",
            "statement": statement.get_absolute_url(),
            "campaign": campaign.get_absolute_url(),
            "event": event.get_absolute_url(),
            "case": case.get_absolute_url(),
            "coalition": coalition.get_absolute_url(),
            "organization": Organization.objects.get(slug="fetrau").get_absolute_url(),
            "organization with languages": Organization.objects.get(slug="osep").get_absolute_url(),
            "search": "/search/?q=workers",
            "statements": "/statements/",
            "cases": "/cases/",
            "topics": "/topics/",
        }

    def walk(self, url: str) -> LanguageWalk:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        walk = LanguageWalk()
        walk.feed(response.content.decode())
        self.assertEqual(walk.page, "ar", url)
        return walk

    def test_every_element_in_another_language_says_its_direction(self):
        for name, url in self.pages().items():
            with self.subTest(name):
                self.assertEqual(self.walk(url).undirected, [], url)

    def test_run_in_lists_use_the_arabic_comma(self):
        seen_arabic_comma = False
        for name, url in self.pages().items():
            with self.subTest(name):
                texts = self.walk(url).page_text
                latin = [" ".join(t.split()) for t in texts if latin_separator(t)]
                self.assertEqual(latin, [], url)
                seen_arabic_comma |= any("، " in t for t in texts)
        self.assertTrue(seen_arabic_comma)
