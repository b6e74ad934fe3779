"""Behind a reverse proxy: trust the ``X-Forwarded-For``, ``-Proto`` and ``-Host`` headers of
``PORTAL_TRUSTED_PROXIES`` proxies (Werkzeug's ProxyFix), and no others.

The client's address then is the one the nearest trusted proxy saw (the rate limits count per
client, not per proxy), the scheme is the client's (``request.is_secure``: the
Strict-Transport-Security header and secure links), and the host is the one the client asked
for (``url_for`` with ``_external``). With the default, 0, the headers are ignored: a client
that sends them directly cannot choose its address. Set it to the number of proxies in front of
the portal, exactly: one more lets a client write the address the limits count.

The worker does not serve requests; its links are built from ``PORTAL_BASE_URL``.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config["PORTAL_TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
