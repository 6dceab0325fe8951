"""Safe Markdown: markdown-it with raw HTML off, then nh3 with an explicit allowlist."""

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _is_same_origin(url: str) -> bool:
    """A path on this site: no scheme and no host (so no off-site image is ever fetched)."""
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc and url.strip().startswith("/")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _is_same_origin(value):
        return None
    return value


def render_markdown(text: str) -> str:
    """HTML for untrusted Markdown; headings start at h2 because pages own their h1."""
    html = _md.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


if TYPE_CHECKING:  # the mixin's save() calls the model's
    from django.db import models

    _MixinBase = models.Model
else:
    _MixinBase = object


class RenderedMarkdownMixin(_MixinBase):
    """A model mixin that keeps sanitized HTML next to each Markdown field it names.

    `MARKDOWN_FIELDS` maps a source field to its HTML field, e.g.
    {"description": "description_html"}. Every save renders them again; a save limited by
    `update_fields` also writes the HTML of each source it writes.
    """

    MARKDOWN_FIELDS: dict[str, str] = {}

    def save(self, *args, **kwargs) -> None:
        for source, html in self.MARKDOWN_FIELDS.items():
            setattr(self, html, render_markdown(getattr(self, source)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {h for s, h in self.MARKDOWN_FIELDS.items() if s in update_fields}
            kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)
