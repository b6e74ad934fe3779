"""The ``/api/v1`` blueprint: token authentication, the error envelope and pagination.

The API authenticates by personal access token only (``Authorization: Bearer``), never by the
browser's session cookie, so it needs no CSRF token and a page cannot be tricked into calling it.
What a token is belongs to the accounts feature, which installs its check with
:func:`use_token_check`; each feature adds its routes to :data:`bp` from its ``init_app``, and
:func:`init_app` registers the blueprint once every feature has.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Flask, abort, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from portal.core.errors import BadRequest, PermissionDenied
from portal.core.request_input import paging
from portal.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_PER_PAGE = 100


def json_body() -> dict:
    """The request's JSON object; anything else is a malformed request (400)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(_("The request body must be a JSON object."))
    return body


#: The methods a token that may only read may use.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CHECK_KEY = "portal.api.token_check"

#: ``check(token) -> (user, may_write)`` for a valid token, ``None`` for any other.
TokenCheck = Callable[[str], "tuple[object, bool] | None"]


def use_token_check(app: Flask, check: TokenCheck) -> None:
    app.extensions[_CHECK_KEY] = check


def init_app(app: Flask) -> None:
    """Register the blueprint, after every feature has added its routes."""
    app.register_blueprint(bp)


@bp.before_request
def authenticate() -> None:
    """The caller of a valid token; a token that may only read is refused (403) on any method
    that writes."""
    g.api_user = None
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return
    caller = current_app.extensions[_CHECK_KEY](token.strip())
    if caller is None:
        return
    user, may_write = caller
    if request.method not in READ_METHODS and not may_write:
        raise PermissionDenied(_("This token may only read. Create a token that may read and "
                                 "write on your profile page to change anything."))
    g.api_user = user


def api_user():
    return g.get("api_user")


def token_required(view: Callable) -> Callable:
    """401 without a valid token; the view then checks what the caller may do (403)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if api_user() is None:
            abort(401)
        return view(*args, **kwargs)

    wrapper.token_required = True
    return wrapper


def require(predicate: Callable[..., bool], message: str, *objects):
    """The caller, once ``predicate(caller, *objects)`` holds (a permissions predicate such as
    ``can_edit_organisation(user, organisation)``); otherwise 403 with ``message``, which says
    who may. A handler calls it before it changes anything."""
    user = api_user()
    if not predicate(user, *objects):
        raise PermissionDenied(message)
    return user


def page_params() -> tuple[int, int]:
    """``(page, per_page)`` of ``?page=&per_page=``: 1 and 20 by default, at most 100 a page;
    400 with the field for anything but a whole number of 1 or more, or a page beyond the last
    that may be asked for (:func:`portal.core.request_input.paging`)."""
    return paging("page") or 1, min(paging("per_page") or 20, MAX_PER_PAGE)


def paginate(query: Select, serialise: Callable, serialise_page: Callable | None = None) -> dict:
    """``?page=&per_page=`` (at most 100) over ``query``, in the list format of API.md: each
    row by ``serialise(row)``, or the page's rows at once by ``serialise_page(rows)`` (a list
    that loads what its rows need in a fixed number of statements)."""
    page, per_page = page_params()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    items = serialise_page(rows) if serialise_page else [serialise(row) for row in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total}
