"""A delegate makes a ballot key, votes with a signed ballot, downloads the receipt and the
ledger, and the offline verifier run from the test accepts both: in the browser (WebCrypto,
the key never leaving it) and with JavaScript off (caucus_ballot.py keygen and sign)."""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from caucus.decisions import keys
from caucus.decisions.models import BallotKey, Vote
from caucus.decisions.tests.helpers import expire, open_vote
from caucus.public.tests.browser.steps import sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOOLS = Path(settings.BASE_DIR) / "tools"


@pytest.fixture
def folder():
    """A folder away from the project, holding the two tools as a member downloads them."""
    path = Path(tempfile.mkdtemp())
    for name in ("caucus_verify.py", "caucus_ballot.py"):
        shutil.copy(TOOLS / name, path / name)
    yield path
    shutil.rmtree(path)


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own tools
        [sys.executable, "-I", *args], cwd=folder, capture_output=True, text=True, check=False
    )


def download(page: Page, link_name: str, folder: Path, name: str) -> Path:
    with page.expect_download() as info:
        page.locator("main").get_by_role("link", name=link_name, exact=True).first.click()
    target = folder / name
    info.value.save_as(target)
    return target


def verify_offline(folder: Path, page: Page, vote: Vote, receipt: Path) -> str:
    """Close the vote, download its ledger as the delegate, run the verifier on it."""
    expire(vote)
    page.goto(vote.get_absolute_url())
    expect(page.locator(".outcome")).to_be_visible()
    page.locator("details.verification summary").click()
    ledger = download(page, "Download the ledger (JSON)", folder, "ledger.json")
    result = run(
        folder,
        "caucus_verify.py",
        ledger.name,
        "--key",
        keys.public_key_hex(),
        "--receipt",
        receipt.name,
    )
    assert result.returncode == 0, result.stdout
    return result.stdout


def test_a_key_made_in_the_browser_signs_the_ballot(cast, new_context, screenshot, folder):
    gina = new_context().new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto("/orgs/gamma/ballot-keys/")
    expect(gina.locator(".browser-keygen")).to_be_visible()  # WebCrypto Ed25519 is there
    gina.fill("input[name=label]", "Gina's laptop")
    with gina.expect_navigation():
        gina.get_by_role("button", name="Make a key in this browser").click()
    expect(gina.locator(".messages")).to_contain_text("The key is registered and active.")
    key = BallotKey.objects.get()
    expect(gina.locator(f'tr[data-key-id="{key.key_id}"] .this-browser')).to_be_visible()
    screenshot(gina, "1-key-made-in-the-browser")

    vote = open_vote(cast)
    gina.goto(vote.get_absolute_url())
    status = gina.locator(".signing-status")
    expect(status).to_have_text(
        f"This browser will sign your ballot with your organization’s key {key.key_id}."
    )
    screenshot(gina, "2-vote-page-ready-to-sign")
    gina.locator("main").get_by_label("For", exact=True).check()
    submit(gina, "Cast ballot")
    expect(gina.locator(".receipt")).to_contain_text("It carries your organization's signature")
    expect(gina.locator(".badge.signed")).to_be_visible()
    assert vote.entries.get(kind="ballot").is_voter_signed
    screenshot(gina, "3-signed-receipt")
    receipt = download(gina, "Download your receipt", folder, "receipt.json")
    assert json.loads(receipt.read_text())["format"] == "caucus-receipt/1"
    output = verify_offline(folder, gina, vote, receipt)
    assert "ballots counted: 1 signed by their organization, 0 attested" in output
    assert "receipt receipt.json: the ballot at height 1 is in the chain" in output
    screenshot(gina, "4-result")


def test_without_javascript_the_tool_makes_the_key_and_signs(cast, new_context, screenshot, folder):
    made = run(folder, "caucus_ballot.py", "keygen", "--out", "gina.pem")
    public = re.search(r"public key: ([0-9a-f]{64})", made.stdout).group(1)
    gina = new_context(javascript=False).new_page()
    sign_in(gina, cast.gamma_admin.email)
    gina.goto("/orgs/gamma/ballot-keys/")
    expect(gina.locator(".browser-keygen")).to_be_hidden()
    gina.fill("input[name=label]", "Gina's desktop (tool)")
    gina.fill("textarea[name=public_key]", public)
    submit(gina, "Register the key")
    expect(gina.locator(".messages")).to_contain_text("The key is registered and active.")

    vote = open_vote(cast)
    gina.goto(vote.get_absolute_url())
    gina.locator("main").get_by_label("Against", exact=True).check()
    submit(gina, "Sign with the caucus_ballot.py tool instead")
    screenshot(gina, "1-text-to-sign")
    (folder / "request.json").write_text(gina.locator("#request").input_value())
    signed = run(folder, "caucus_ballot.py", "sign", "--key", "gina.pem", "request.json", "--yes")
    assert "Choice:       against" in signed.stderr, signed.stderr
    signature = re.search(r"signature: ([0-9a-f]{128})", signed.stdout).group(1)
    gina.fill("textarea[name=signature]", signature)
    gina.select_option("select[name=key_id]", keys.key_id(public))
    submit(gina, "Cast the signed ballot")
    expect(gina.locator(".receipt")).to_contain_text("Your ballot “Against” is in the ledger.")
    screenshot(gina, "2-signed-receipt-no-js")
    receipt = download(gina, "Download your receipt", folder, "receipt.json")
    output = verify_offline(folder, gina, vote, receipt)
    assert "ballots counted: 1 signed by their organization" in output


@pytest.mark.parametrize(
    ("width", "language"), [(390, "en"), (390, "ar"), (1100, "ar")], ids=["phone", "phone-ar", "ar"]
)
def test_the_vote_page_on_a_phone_and_right_to_left(cast, new_context, screenshot, width, language):
    vote = open_vote(cast)
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.gamma_admin.email)
    page.goto(f"/i18n/language/?language={language}&next={vote.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".participation")).to_be_visible()
    expect(page.locator("details.verification")).not_to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    screenshot(page, "1-open")
    page.locator("main input[name=choice]").first.check()
    submit(page, page.locator("#cast-button").inner_text())
    page.locator("details.verification summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, "2-receipt-and-details")
    expire(vote)
    page.goto(vote.get_absolute_url())
    expect(page.locator("table.result meter")).to_have_count(3)
    expect(page.locator(".not-voted li")).to_have_count(1)
    screenshot(page, "3-result")
