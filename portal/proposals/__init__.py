"""Joint proposals: the consortium, budget, indicators, snapshots and the workflow (DESIGN 4.3, 4.4)."""


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from portal.calls.actions import CallAction, register_call_action
    from portal.core.waiting import register_provider
    from portal.proposals import (  # noqa: F401  (the tables, the API's routes)
        api,
        co_funding_views,
        editor_views,
        joint_views,
        models,
        tasks,
        views,
        waiting,
        workflow_api,
    )
    from portal.proposals.permissions import can_prepare_proposal
    from portal.proposals.transitions import worker_step
    from portal.proposals.workflow import ProposalStatus

    app.register_blueprint(views.bp)
    joint_views.init_app(app)
    worker_step(ProposalStatus.SUBMITTED, tasks.check_eligibility)
    for provider in (waiting.partners_to_confirm, waiting.partners_to_endorse,
                     waiting.partners_to_endorse_as_co_funder, waiting.proposals_to_screen):
        register_provider(app, provider)
    register_call_action(app, CallAction(_l("Prepare a proposal"), "proposals.new_proposal",
                                         can_prepare_proposal))
