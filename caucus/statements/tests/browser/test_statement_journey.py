"""Draft, amend, compare, publish, translate, read in Spanish, republish: one journey."""

import re

import pytest
from playwright.sync_api import expect

from caucus.public.tests.browser.steps import follow, sign_in, submit
from caucus.statements.models import Republication, Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "We stand together.\n\nWorkers in every country deserve fair pay.\n"


def test_draft_amend_publish_translate_republish(
    cast, new_context, browser, live_server, screenshot
):
    # 1. The coordinator drafts the declaration, then edits it into version 2.
    cora = new_context().new_page()
    sign_in(cora, cast.coordinator.email)
    cora.goto("/coalitions/united/statements/new/")
    cora.fill("input[name=title]", "Joint declaration")
    cora.fill("textarea[name=body]", BODY)
    cora.fill("input[name=dateline_date]", "2026-05-01")
    cora.fill("input[name=dateline_place]", "Santiago")
    submit(cora, "Save the draft")
    expect(cora.locator("h1")).to_have_text("Joint declaration")
    slug = Statement.objects.get().slug
    follow(cora, "Edit the text")
    cora.fill("textarea[name=body]", BODY + "\nWe will act together.\n")
    submit(cora, "Save as a new version")
    expect(cora.locator("main")).to_contain_text("Saved as version 2.")

    # 2. Another member organization (gamma, through its admin) proposes an amendment.
    gina = new_context().new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto(f"/s/{slug}/draft/")
    follow(gina, "Propose an amendment")
    gina.get_by_label("Replace a passage").check()
    gina.fill("textarea[name=passage]", "fair pay")
    gina.fill("textarea[name=replacement]", "a living wage")
    gina.fill("textarea[name=reason]", "Clearer for our members.")
    submit(gina, "Propose")
    expect(gina.locator("main")).to_contain_text("Amendment #1 is proposed.")
    screenshot(gina, "1-amendment")

    # 3. The coordinator accepts it and compares the versions.
    cora.goto(f"/s/{slug}/amendments/1/")
    submit(cora, "Accept and make a new version")
    expect(cora.locator("main")).to_contain_text("new version is saved")
    cora.goto(f"/s/{slug}/versions/")
    submit(cora, "Compare")
    expect(cora.locator(".diff-body ins")).to_contain_text("living wage")
    expect(cora.locator(".diff-body del")).to_contain_text("fair pay")
    screenshot(cora, "2-compare")

    # 4. Publish now, then add a Spanish translation.
    cora.goto(f"/s/{slug}/draft/")
    follow(cora, "Publish…")  # a page of its own shows who signed which version, then asks
    submit(cora, "Publish version 3")
    expect(cora.locator("main")).to_contain_text("The statement is published.")
    follow(cora, "Add a translation")
    cora.locator("main select[name=language]").select_option("es")
    cora.fill("input[name=title]", "Declaración conjunta")
    cora.fill(
        "textarea[name=body]", "Quienes trabajan en todos los países merecen un salario digno."
    )
    cora.fill("input[name=translator]", "Ana")
    cora.get_by_label("Reviewed by a person").check()
    submit(cora, "Save the translation")
    expect(cora.locator("main")).to_contain_text("The translation is saved.")

    # 5. A reader whose browser speaks Spanish gets the Spanish text.
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    reader = context.new_page()
    reader.goto(f"/s/{slug}/")
    expect(reader.locator("h1")).to_have_text("Declaración conjunta")
    expect(reader.locator(".statement-body")).to_contain_text("salario digno")
    screenshot(reader, "3-spanish-reader")
    reader.goto(f"/s/{slug}/?lang=en")
    expect(reader.locator(".statement-body")).to_contain_text("a living wage")
    context.close()

    # 6. An organization outside the coalition republishes it.
    bob = new_context().new_page()
    sign_in(bob, cast.outsider.email)
    bob.goto(f"/s/{slug}/")
    follow(bob, "Republish")
    submit(bob, "Republish")
    expect(bob).to_have_url(re.compile(rf"/s/{slug}/via/beta/$"))
    expect(bob.locator(".republished")).to_contain_text("First published by United Coalition")
    screenshot(bob, "4-republished")
    assert Republication.objects.filter(organization__slug="beta").exists()
    bob.goto("/o/beta/")
    expect(bob.locator("main")).to_contain_text("First published by United Coalition")
