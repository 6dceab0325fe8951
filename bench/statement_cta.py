"""Where the call to sign sits on the demo's public statement page, on a laptop and a phone.

The ux review measured the signing form ~1,230 px down at 1366 px wide and its button ~2,130 px
down at 390 px, under the initial signatories. This prints, for a running demo server
(`make run`), per width and language: the top of the first thing a reader can press to sign
(the Sign button of the side panel on wide screens, the "Sign" link at the top on phones), the
top of the form's own submit button, the first screen's height, and the page's height.

By default it loads the demo into a fresh SQLite database under var/bench/cta/ and serves it
with bin/serve as `make run` does; --url measures a server already running instead.

    .venv/bin/python bench/statement_cta.py [--url http://127.0.0.1:8000] [--slug ...]
"""

import argparse
import contextlib

from playwright.sync_api import sync_playwright
from sign_surge import PORT, Server, bench_env, fresh_database, manage

SCREENS = {"laptop": (1366, 768), "phone": (390, 844)}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def top(page, selector: str) -> str:
    locator = page.locator(selector)
    if not locator.count() or not locator.first.is_visible():
        return "hidden"
    box = locator.first.bounding_box()
    return f"{box['y']:.0f} px" if box else "hidden"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="", help="a running server (default: start the demo)")
    parser.add_argument("--slug", default="", help="a statement's slug (default: the first)")
    args = parser.parse_args()
    server: contextlib.AbstractContextManager = contextlib.nullcontext()
    if not args.url:
        fresh_database("cta")
        env = {**bench_env("cta"), "CAUCUS_DEMO": "true"}
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "loaddemo")
        server = Server(env)
        args.url = f"http://127.0.0.1:{PORT}"
    with server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        slug = args.slug
        if not slug:
            page.goto(f"{args.url}/statements/")
            href = page.locator("main a[href^='/s/']").first.get_attribute("href")
            slug = href.strip("/").split("/")[1]
        print(f"statement /s/{slug}/ on {args.url}")
        print("| width | language | first thing to press | form's submit button | screen | page |")
        print("|---|---|---|---|---|---|")
        for name, (width, height) in SCREENS.items():
            for language in ("en", "ar"):
                context = browser.new_context(viewport={"width": width, "height": height})
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": args.url}]
                )
                page = context.new_page()
                page.goto(f"{args.url}/s/{slug}/")
                first = "a.sign-cta" if name == "phone" else "aside.sign-panel button[type=submit]"
                submit = "form.sign-form button[type=submit]"
                page_height = page.evaluate("document.documentElement.scrollHeight")
                print(
                    f"| {width} px | {language} | {top(page, first)} | {top(page, submit)} "
                    f"| {height} px | {page_height} px |"
                )
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
