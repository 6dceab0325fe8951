"""The crawl's tools: what sticks out of a phone's screen, and which shown links cannot be followed.

A page that scrolls sideways is caught by the document's scroll width, but only on the side a
reader can scroll to: in a right-to-left page what sticks out to the right (in a left-to-right
page, to the left) widens nothing and is simply cut off. So every visible element's box is
also compared with the screen, and the outermost offenders are named by a short selector.
"""

import html
import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error, Page

# Elements that stick out of the screen, outermost first, each as a short selector and its
# horizontal extent. Not counted: what a scrolling or clipping ancestor holds (that ancestor is
# checked itself), what is not drawn, and what is hidden on purpose: visually hidden text (a
# clip or a 1 px box), the skip link until it has focus, and the sign form's honeypot field.
STICKING_OUT = """(limit) => {
  const root = document.documentElement;
  const left = root.getBoundingClientRect().left, right = left + root.clientWidth;
  const ON_PURPOSE = ".skip:not(:focus), .visually-hidden, .hp";
  const hidden = (el) => {
    if (el.closest(ON_PURPOSE)) return true;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== "none" || (s.clip !== "auto" && s.position === "absolute")) return true;
      if (s.visibility === "hidden" || s.opacity === "0") return true;
    }
    return false;
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => {
    let n = el.tagName.toLowerCase();
    if (el.id) return `${n}#${el.id}`;
    const classes = typeof el.className === "string" ? el.className.trim() : "";
    return classes ? `${n}.${classes.split(/\\s+/).join(".")}` : n;
  };
  const selector = (el) => {
    const parts = [];
    for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement) {
      parts.unshift(name(a));
      if (a.id) break;
    }
    return parts.join(" > ");
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    if (box.right <= right + 1 && box.left >= left - 1) continue;
    if (out.some((o) => o.el.contains(el)) || hidden(el) || clipped(el)) continue;
    out.push({el, text: `${selector(el)} [${Math.round(box.left)}, ${Math.round(box.right)}]`});
    if (out.length >= limit) break;
  }
  return out.map((o) => o.text);
}"""

HREFS = "links => links.map(a => a.href)"
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')

# Not followed: signing out (it would end the crawl), the language switch (it changes the
# language under test), and what is not a page: feeds, calendars, downloads, the API. The
# statuses of the latter are still checked; those of the former two are not (asking would act).
SKIP = ("logout", "/i18n/", "/api/v1/", "/api/openapi", "/static/", "/media/", "/metrics")
ACTS = ("logout", "/i18n/")
# In the admin, an object's history and deletion pages are Django's own, like its other pages.
SKIP_ADMIN = ("/history/", "/delete/")


@dataclass
class Crawl:
    """One role's walk through the site: what it was shown and what went wrong."""

    role: str
    pages: int = 0  # checked in the browser
    read: int = 0  # read only for their links (a pattern another crawl checked)
    seconds: float = 0
    failures: list[str] = field(default_factory=list)
    # One address for each pattern the role reached, to check it again in another language.
    patterns: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # link -> the first page that showed it
    statuses: dict[str, int] = field(default_factory=dict)  # address -> status after redirects


def pattern(path: str) -> tuple[str, tuple[str, ...]]:
    """What a page stands for: its URL route and the names of its query's parameters."""
    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    if route.startswith("admin/"):  # the admin's filters and orderings are not page kinds
        return route, ()
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return route, tuple(names)


def same_origin(hrefs: list[str], base: str, path: str) -> Iterator[str]:
    """The site's own addresses among `hrefs` (relative to `path`), without fragments."""
    for href in hrefs:
        url = urljoin(base + path, href).split("#")[0]
        if url.startswith(base):
            yield url[len(base) :] or "/"


def followed(path: str) -> bool:
    if path.startswith("/admin/") and any(s in path for s in SKIP_ADMIN):
        return False
    return not any(s in path for s in SKIP)


def check(page: Page, path: str, crawl: Crawl, label: str, shot: str | None) -> list[str]:
    """Open `path` in the browser; record a 5xx or what sticks out. Returns the page's links."""
    crawl.pages += 1
    try:
        response = page.goto(path)
    except Error as exc:
        if "Download is starting" not in str(exc):
            raise
        response = page.request.get(path)  # a file to save (a CSV, the verifier): its status
    status = response.status if response is not None else 0
    crawl.statuses[path] = status
    if status >= 500:
        crawl.failures.append(f"{label} {path}: {status}")
    content_type = response.headers.get("content-type", "") if response is not None else ""
    if "text/html" not in content_type:
        return []
    width = page.evaluate("document.documentElement.scrollWidth")
    out = page.evaluate(STICKING_OUT, 5)
    if width > page.viewport_size["width"] or out:
        crawl.failures.append(f"{label} {path}: {width} px wide; sticks out: {'; '.join(out)}")
    if shot:
        page.screenshot(path=shot, full_page=True)
    return page.eval_on_selector_all("a[href]", HREFS)


def read(page: Page, path: str, crawl: Crawl, label: str) -> list[str]:
    """Fetch `path` without rendering it (a pattern already checked): its status and links."""
    crawl.read += 1
    response = page.request.get(path)
    crawl.statuses[path] = response.status
    if response.status >= 500:
        crawl.failures.append(f"{label} {path}: {response.status}")
    if "text/html" not in response.headers.get("content-type", ""):
        return []
    return [html.unescape(h) for h in HREF.findall(response.text())]


def walk(
    page: Page, base: str, start: str, crawl: Crawl, checked: set, label: str, shots, budget: int
) -> None:
    """Breadth-first from `start`, one page per pattern: check each pattern not in `checked`
    (adding it there) in the browser, and read the others only for their links."""
    began = time.monotonic()
    queue, seen = deque([start, "/"]), {start, "/"}
    while queue and crawl.pages + crawl.read < budget:
        path = queue.popleft()
        key = pattern(path)
        if key in crawl.patterns:
            continue
        crawl.patterns[key] = path
        if key in checked:
            hrefs = read(page, path, crawl, label)
        else:
            checked.add(key)
            hrefs = check(page, path, crawl, label, shots(key, label))
        for link in same_origin(hrefs, base, path):
            crawl.shown.setdefault(link, path)
            if link not in seen and followed(link):
                seen.add(link)
                queue.append(link)
    crawl.seconds += time.monotonic() - began


def recheck(page: Page, crawl: Crawl, checked: set, label: str, shots) -> None:
    """Check in the browser, in the page's current language, the role's patterns not in
    `checked`, at the addresses its walk found them."""
    began = time.monotonic()
    for key, path in crawl.patterns.items():
        if key not in checked:
            checked.add(key)
            check(page, path, crawl, label, shots(key, label))
    crawl.seconds += time.monotonic() - began


def refused(page: Page, crawl: Crawl, per_pattern: int) -> list[str]:
    """The links the role was shown that answer it with a 4xx, each with the page showing it.

    Links the walk did not open are fetched (not rendered), up to `per_pattern` addresses of
    each pattern; what acts on a GET (signing out, switching language) is not asked.
    """
    asked: dict[tuple[str, tuple[str, ...]], int] = {}
    out = []
    for link, shown_on in crawl.shown.items():
        if any(s in link for s in ACTS):
            continue
        if link not in crawl.statuses:
            key = pattern(link)
            if asked.get(key, 0) >= per_pattern:
                continue
            asked[key] = asked.get(key, 0) + 1
            crawl.statuses[link] = page.request.get(link).status
        if 400 <= crawl.statuses[link] < 500:
            out.append(f"{crawl.role}: {link} answers {crawl.statuses[link]}, shown on {shown_on}")
    return out
