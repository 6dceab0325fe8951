"""Translatable text is whole sentences with placeholders: a translated word followed by a
variable ("Join" + name) cannot be put in another language's order (the UX review found
"Unirse Federación…" in Spanish). Labels that end in a colon ("The case: <link>") are fine."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# {% translate "Word" %} then a variable, with only spaces or a colon between them.
GLUED = re.compile(r'\{% (?:translate|trans) "([^"]*[^:"])" %\}\s*:?\s*\{\{')


def test_no_template_glues_a_translated_word_to_a_variable():
    glued = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in GLUED.finditer(path.read_text())
    ]
    assert glued == []
