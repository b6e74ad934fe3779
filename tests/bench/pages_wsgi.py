"""The application the page benchmark serves with gunicorn: the test settings (no CSRF token
to fetch, no rate limit) on the benchmark's scratch database, named by the environment."""

from __future__ import annotations

import os

from portal import create_app
from tests.conftest import app_settings

app = create_app(app_settings(os.environ["BENCH_DATA_DIR"], os.environ["BENCH_DATABASE_URL"]))
