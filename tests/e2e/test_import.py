"""The secretariat uploads a file of organisations and watches the progress bar reach 100 %.

No worker runs beside the live server: once the page shows the queued job, the test plays the
worker's part in-process (the steps of ``portal.registry.tasks.import_organisations``), and the page's
script, which polls the progress, sees the job done and reloads to show the result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.registry import import_jobs
from tests.e2e.accessibility import assert_accessible
from tests.e2e.steps import sign_in

pytestmark = pytest.mark.browser

DEV_SET = Path(__file__).parent.parent / "data" / "matching-dev" / "organisations.jsonl"


def run_import_as_the_worker(app, job_id: int) -> None:
    with app.app_context():
        job = import_jobs.start_import_job(job_id)
        db.session.commit()
        import_jobs.finish_import_job(job, import_jobs.import_job_file(job))
        db.session.commit()


def test_upload_and_watch_the_progress_bar_reach_100_percent(page, live_server, tmp_path):
    upload = tmp_path / "five.jsonl"
    upload.write_text("\n".join(DEV_SET.read_text().splitlines()[:5]) + "\n")
    sign_in(page, live_server.people["importer"])

    page.get_by_role("link", name="Import organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import organisations")
    assert_accessible(page)
    page.get_by_label("File of organisations (JSON Lines, UTF-8)").set_input_files(upload)
    page.get_by_label("Publish the organisations at once").check()
    page.get_by_role("button", name="Upload and import").click()

    page.wait_for_url(re.compile(r"/registry/import/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of five.jsonl")
    bar = page.get_by_role("progressbar", name="Progress")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator("#import-progress-status")).to_have_attribute("aria-live", "polite")
    assert_accessible(page)

    job_id = int(page.url.rsplit("/", 1)[1])
    with page.expect_event("load"):
        run_import_as_the_worker(live_server.app, job_id)

    expect(bar).to_have_attribute("value", "5")
    expect(bar).to_have_attribute("max", "5")
    expect(page.locator("#import-progress-status")).to_contain_text("Done: 5 of 5 lines (100%).")
    expect(page.get_by_role("link", name="Refresh")).to_have_count(0)
    expect(page.locator(".figures")).to_contain_text("Published")
    assert_accessible(page)
