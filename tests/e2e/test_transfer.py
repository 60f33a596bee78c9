"""An organisation's activities imported from a spreadsheet in the console (headless Chromium): the
import shows its progress and result, and newcomers find the activity on the public page."""

from __future__ import annotations

import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.processes import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.unit.knowledge.test_transfer import cafe, csv_file

pytestmark = pytest.mark.slow
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page, console_url):
    page.goto(f"{console_url}/login")
    page.get_by_label("E-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_imported_activity_is_found_by_newcomers(alku, page, tmp_path, chromium):
    suffix = uuid.uuid4().hex[:6]
    spreadsheet = tmp_path / "activities.csv"
    spreadsheet.write_bytes(
        csv_file(
            cafe(f"cafe-{suffix}", name_fi=f"Torstain kielikahvila {suffix}"),
            cafe(f"sewing-{suffix}", name_fi=f"Ompelupiiri {suffix}", opening_hours="sat 12:00-14:00"),
        )
    )
    sign_in(page, alku.console_url)
    page.get_by_role("link", name="Import and export").click()
    page.get_by_label("Content").select_option("listings")
    page.get_by_label("File").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-state")).to_have_text("done, saved", timeout=30_000)
    expect(page.locator(".progress-count")).to_have_text("2 / 2")
    expect(page.locator(".import-result")).to_contain_text("2")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()

    phone = chromium.new_context(viewport={"width": 360, "height": 740})
    newcomer = phone.new_page()
    newcomer.goto(f"{alku.console_url}/?lang=fi")
    newcomer.locator("select[name=municipality]").select_option("905")
    newcomer.locator("input[name=q]").fill(f"kielikahvilaan {suffix}")
    newcomer.locator("form button[type=submit]").click()
    # Every word first: the language café; then listings with only some of the words (the other import).
    expect(newcomer.locator("article h2").first).to_have_text(f"Torstain kielikahvila {suffix}")
    phone.close()


def test_a_bad_row_is_shown_with_its_line_and_nothing_is_imported(alku, page, tmp_path):
    suffix = uuid.uuid4().hex[:6]
    spreadsheet = tmp_path / "activities.csv"
    spreadsheet.write_bytes(csv_file(cafe(f"fine-{suffix}"), cafe(f"wrong-{suffix}", opening_hours="thursdays 5pm")))
    sign_in(page, alku.console_url)
    page.goto(f"{alku.console_url}/editor/transfer")
    page.get_by_label("Content").select_option("listings")
    page.get_by_label("File").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-state")).to_have_text("failed, nothing saved", timeout=30_000)
    expect(page.locator(".import-errors tbody tr")).to_have_count(1)
    expect(page.locator(".import-errors tbody td").first).to_have_text("3")
    page.goto(f"{alku.console_url}/editor/listings?q=fine-{suffix}")
    expect(page.locator("table.listings tbody")).to_contain_text("No listings you can edit match.")
