"""Translatable text is whole sentences with placeholders: a translated word followed by a
variable ("Join" + name) cannot be put in another language's order (the UX review found
"Unirse Federación…" in Spanish). Labels that end in a colon ("The case: <link>") are fine."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# {% translate "Word" %} then a variable, with only spaces, a colon or opening tags between
# them: "Edit" + <span class="visually-hidden"> + the item's title is read out as one phrase.
# A closing tag ends the phrase ("Name</th><td>{{ name }}" is a label and its value).
GLUED = re.compile(
    r"""\{% (?:translate|trans) (?:"([^"]*[^:"])"|'([^']*[^:'])') %\}"""
    r"""(?:\s|<[^/!>][^>]*>)*:?\s*\{\{"""
)


def test_no_template_glues_a_translated_word_to_a_variable():
    glued = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in GLUED.finditer(path.read_text())
    ]
    assert glued == []


def test_the_pattern_sees_a_word_glued_through_a_tag_and_spares_labels():
    glued = [
        '{% translate "Join" %} {{ name }}',
        "{% translate 'Join' %} {{ name }}",
        '{% translate "Edit" %}<span class="visually-hidden"> {{ item.title }}</span>',
        '{% translate "Key is" %} <code class="hash" dir="ltr">{{ key }}</code>',
    ]
    spared = [
        '{% translate "The case:" %} {{ case_url }}',
        '{% translate "Name" %}</th><td>{{ name }}</td>',
        '<span aria-hidden="true">{% translate "Edit" %}</span>'
        '<span class="visually-hidden">{% blocktranslate with t=item.title %}Edit “{{ t }}”'
        "{% endblocktranslate %}</span>",
    ]
    assert [text for text in glued if not GLUED.search(text)] == []
    assert [text for text in spared if GLUED.search(text)] == []
