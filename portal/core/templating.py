"""Template filters that no feature owns."""

from __future__ import annotations

import base64

from flask import Flask


def b64encode(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def init_app(app: Flask) -> None:
    app.add_template_filter(b64encode, "b64encode")
