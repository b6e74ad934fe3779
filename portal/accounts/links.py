"""Absolute addresses of pages, for links sent by e-mail from a request, a task or a command."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute address of a page under ``PORTAL_BASE_URL``, with or without a request (a
    task, a command); a base URL with a path (``https://host/portal``) is kept."""
    base = urlsplit(current_app.config["PORTAL_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
