"""Joint proposals: the consortium, budget, indicators, snapshots and the workflow (DESIGN 4.3, 4.4)."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from portal.calls.actions import CallAction, register_call_action
    from portal.proposals import api, models, views  # noqa: F401  (the tables, the API's routes)
    from portal.proposals.permissions import can_prepare_proposal

    app.register_blueprint(views.bp)
    register_call_action(app, CallAction(_l("Prepare a proposal"), "proposals.new_proposal",
                                         can_prepare_proposal))
