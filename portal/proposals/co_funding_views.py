"""The national co-funder's page (DESIGN 4.10): the calls it co-funds, its state's envelope in
each and the partners of that state to endorse; and the same in the JSON API."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts.forms import ConfirmForm
from portal.core.api import bp as api
from portal.core.api import require, token_required
from portal.core.permissions import page_requires
from portal.proposals import permissions
from portal.proposals.co_funding import co_funded_call_json, co_funded_calls
from portal.proposals.views import bp

#: The 403 of a caller who represents no co-funder, before anything is loaded.
NO_CO_FUNDER = _l("Only the representative of a national co-funder follows co-funding.")


@bp.get("/co-funding")
@page_requires(permissions.may_co_fund)
def co_funding():
    return render_template("proposals/co_funding.html",
                           calls=co_funded_calls(current_user._get_current_object()),
                           confirm=ConfirmForm())


@api.get("/co-funding")
@token_required
def co_funding_json():
    """What a national co-funder's representative follows.
    ---
    get:
      summary: The calls the caller's organisation co-funds, its state's envelope in each, and the
        proposals with partners of that state (a co-funder's representative)
      description: Of each proposal only its title, acronym, status and classification, and the
        partners of the envelope's state with their requested grant (in the call's currency and
        in each of their own) and whether they are confirmed and endorsed. A partner with
        `may_endorse` is endorsed with POST /api/v1/proposals/{id}/partners/{organisation_id}/endorse.
      tags: [proposals]
      responses:
        200: {description: "{items: [{call, envelope, proposals}]}"}
        403: {description: "the caller represents no co-funder"}
    """
    user = require(permissions.may_co_fund, NO_CO_FUNDER)
    return {"items": [co_funded_call_json(row) for row in co_funded_calls(user)]}
