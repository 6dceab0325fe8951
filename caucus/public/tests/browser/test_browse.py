"""A reader finds a statement by words of its Spanish translation and browses a region page."""

import pytest
from playwright.sync_api import expect

from caucus.statements import services
from caucus.test import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published_statement_with_spanish_translation(cast: Cast):
    author = cast.editor
    statement = services.statement_create(
        actor=author,
        author_organization=cast.alpha,
        title="Fair pay at the ports",
        body="Dock workers in every country deserve fair pay.",
        language="en",
        teaser="Dockers speak with one voice.",
    )
    services.statement_publish(statement=statement, actor=author)
    statement.refresh_from_db()
    services.translation_save(
        statement=statement,
        actor=author,
        language="es",
        title="Salario justo en los puertos",
        body="Los estibadores de cada país merecen un salario justo.",
    )
    return statement


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_search_in_spanish_then_browse_the_region(cast, new_context, screenshot, javascript):
    statement = published_statement_with_spanish_translation(cast)
    page = new_context(javascript=javascript).new_page()

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words to find").fill("estibadores salario")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 result")
    # Found by the words of its Spanish translation: the hit opens that translation.
    hit = page.get_by_role("link", name="Salario justo en los puertos")
    expect(hit).to_be_visible()
    expect(page.locator("mark", has_text="estibadores")).to_be_visible()
    screenshot(page, "1-search-es")

    hit.click()
    expect(page.locator("h1")).to_have_text("Salario justo en los puertos")
    page.goto(statement.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Fair pay at the ports")

    page.goto("/regions/")
    page.get_by_role("link", name="Asia").click()
    expect(page.get_by_role("link", name="Fair pay at the ports")).to_be_visible()
    page.go_back()
    page.get_by_label("Country").select_option("tr")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_contain_text("Türkiye")
    expect(page.get_by_role("link", name="Fair pay at the ports")).to_be_visible()
    screenshot(page, "2-region-tr")
