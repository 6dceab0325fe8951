"""Share links for a public page: plain links to each service, nothing loaded from them."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain links: nothing loads from these sites until the reader clicks. The services keep
    their names; "Email" is a word, in the reader's language."""
    text = f"{title} {url}"
    return [
        (_("Email"), "mailto:?" + urlencode({"subject": title, "body": text}, quote_via=quote)),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]
