"""The eligibility rules of DESIGN 4.4 on plain data: each rule alone, all of them at once, the
boundaries, and the budget in two currencies. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from portal.proposals.eligibility import (
    REASON_CODES,
    BudgetLine,
    BudgetSummary,
    CallTerms,
    IndicatorFacts,
    PartnerFacts,
    ProposalFacts,
    Reason,
    check_eligibility,
    summarise_budget,
)

D = Decimal
RATE_DAY = date(2026, 3, 2)
ALMATY = ZoneInfo("Asia/Almaty")

CALL = CallTerms(
    opens_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    closes_at=datetime(2026, 5, 1, 9, 0, tzinfo=UTC),
    currency="RUB",
    max_grant=D("10000000.00"),
    min_cofinancing_rate=D("0.30"),
    min_states=2,
    requires_endorsement=True,
    technology_fields=frozenset({"aerospace", "nuclear_radiation", "shipbuilding"}),
    required_sections=("summary", "work_plan"),
    required_attachments=("letter_of_intent",),
)

SMOLENSK = PartnerFacts(
    organisation_id=1, name="Smolensk Innovation Cluster", state="RU", is_lead=True,
    confirmed=True, endorsed=True, cofinancing_rate=D("0.40"),
    budget=(BudgetLine("personnel", D("3000000.00"), "RUB", None, None),
            BudgetLine("equipment", D("1000000.00"), "RUB", None, None)),
)
VITEBSK = PartnerFacts(
    organisation_id=2, name="Vitebsk Technology Park", state="BY", is_lead=False,
    confirmed=True, endorsed=True, cofinancing_rate=D("0.30"),
    budget=(BudgetLine("personnel", D("50000.00"), "BYN", D("28.5"), RATE_DAY),),
)
KOSTANAY = PartnerFacts(
    organisation_id=3, name="Kostanay Agro Cluster", state="KZ", is_lead=False,
    confirmed=True, endorsed=True, cofinancing_rate=D("0.25"),
    budget=(BudgetLine("personnel", D("2000000.00"), "KZT", D("0.18"), RATE_DAY),),
)
# In roubles: 4 000 000 + 1 425 000 + 360 000 = 5 785 000, of which the partners pay
# 1 600 000 + 427 500 + 90 000 = 2 117 500 (36.60 %), leaving a grant of 3 667 500.
TOTAL, COFINANCING, GRANT = D("5785000.00"), D("2117500.00"), D("3667500.00")

PROPOSAL = ProposalFacts(
    submitted_at=datetime(2026, 4, 15, 12, 0, tzinfo=UTC),
    technology_fields=frozenset({"nuclear_radiation"}),
    partners=(SMOLENSK, VITEBSK, KOSTANAY),
    sections={"summary": "Electron-beam sterilisation of medical devices.",
              "work_plan": "Three work packages over 24 months."},
    attachment_kinds=frozenset({"letter_of_intent"}),
    indicators=(IndicatorFacts("Devices sterilised per year", D("0"), D("200000")),),
    declared_grant=GRANT,
)


def with_partner(proposal: ProposalFacts, index: int, **changes) -> ProposalFacts:
    partners = list(proposal.partners)
    partners[index] = replace(partners[index], **changes)
    return replace(proposal, partners=tuple(partners))


def with_line(proposal: ProposalFacts, index: int, **changes) -> ProposalFacts:
    partner = proposal.partners[index]
    return with_partner(proposal, index, budget=(replace(partner.budget[0], **changes),
                                                 *partner.budget[1:]))


def reason(code: str, **params) -> Reason:
    return Reason(code, params)


# (id, proposal, call, the one reason expected)
SINGLE_FAILURES = [
    pytest.param(replace(PROPOSAL, submitted_at=datetime(2026, 5, 2, 9, 0, tzinfo=UTC)), CALL,
                 reason("call_not_open", submitted_at="2026-05-02T09:00:00+00:00",
                        opens_at="2026-03-01T09:00:00+00:00", closes_at="2026-05-01T09:00:00+00:00"),
                 id="submitted_after_the_call_closed"),
    pytest.param(replace(PROPOSAL, submitted_at=datetime(2026, 2, 28, 9, 0, tzinfo=UTC)), CALL,
                 reason("call_not_open", submitted_at="2026-02-28T09:00:00+00:00",
                        opens_at="2026-03-01T09:00:00+00:00", closes_at="2026-05-01T09:00:00+00:00"),
                 id="submitted_before_the_call_opened"),
    pytest.param(PROPOSAL, replace(CALL, min_states=4),
                 reason("too_few_states", found=3, required=4),
                 id="three_states_where_the_call_wants_four"),
    pytest.param(with_partner(PROPOSAL, 2, state="BY"), replace(CALL, min_states=3),
                 reason("too_few_states", found=2, required=3),
                 id="two_partners_of_one_state_count_once"),
    pytest.param(with_partner(PROPOSAL, 0, state=None),
                 CALL, reason("lead_not_in_member_state", organisation="Smolensk Innovation Cluster"),
                 id="lead_outside_the_member_states"),
    pytest.param(with_partner(PROPOSAL, 0, is_lead=False), CALL, reason("no_lead"),
                 id="no_partner_is_the_lead"),
    pytest.param(with_partner(PROPOSAL, 1, state=None), CALL,
                 reason("partner_not_in_member_state", organisation="Vitebsk Technology Park"),
                 id="partner_outside_the_member_states"),
    pytest.param(with_partner(PROPOSAL, 1, state="UZ"), CALL,
                 reason("partner_not_in_member_state", organisation="Vitebsk Technology Park"),
                 id="partner_in_a_state_that_is_not_a_member"),
    pytest.param(with_partner(PROPOSAL, 2, confirmed=False), CALL,
                 reason("not_confirmed", organisation="Kostanay Agro Cluster"),
                 id="partner_has_not_confirmed"),
    pytest.param(with_partner(PROPOSAL, 1, endorsed=False), CALL,
                 reason("not_endorsed", organisation="Vitebsk Technology Park"),
                 id="partner_not_endorsed_where_the_call_requires_it"),
    pytest.param(replace(PROPOSAL, partners=tuple(replace(p, budget=()) for p in PROPOSAL.partners),
                         declared_grant=None), CALL,
                 reason("empty_budget"), id="no_budget_lines_at_all"),
    pytest.param(with_line(PROPOSAL, 2, rate=None), CALL,
                 reason("missing_rate", organisation="Kostanay Agro Cluster", category="personnel",
                        currency="KZT"),
                 id="line_in_tenge_without_a_rate"),
    pytest.param(with_line(PROPOSAL, 2, rate_date=None), CALL,
                 reason("missing_rate", organisation="Kostanay Agro Cluster", category="personnel",
                        currency="KZT"),
                 id="line_in_tenge_with_an_undated_rate"),
    pytest.param(with_line(PROPOSAL, 1, rate=D("0")), CALL,
                 reason("missing_rate", organisation="Vitebsk Technology Park", category="personnel",
                        currency="BYN"),
                 id="line_in_roubles_of_belarus_with_a_zero_rate"),
    pytest.param(replace(with_partner(PROPOSAL, 0, budget=(
                     *SMOLENSK.budget, BudgetLine("travel", D("-1500"), "RUB", None, None))),
                     declared_grant=None), CALL,
                 reason("negative_amount", organisation="Smolensk Innovation Cluster",
                        category="travel", amount="-1500.00", currency="RUB"),
                 id="line_with_a_negative_amount"),
    pytest.param(PROPOSAL, replace(CALL, max_grant=D("3000000")),
                 reason("grant_above_maximum", grant="3667500.00", maximum="3000000.00", currency="RUB"),
                 id="grant_above_the_calls_maximum"),
    pytest.param(PROPOSAL, replace(CALL, min_cofinancing_rate=D("0.40")),
                 reason("cofinancing_below_minimum", rate="36.60", minimum="40.00"),
                 id="cofinancing_below_the_calls_minimum"),
    pytest.param(replace(PROPOSAL, declared_grant=D("3700000.00")), CALL,
                 reason("budget_mismatch", declared="3700000.00", computed="3667500.00", currency="RUB"),
                 id="stated_grant_differs_from_the_budget_lines"),
    pytest.param(replace(PROPOSAL, national_grants={"BY": (D("45000.00"), "BYN")}),
                 replace(CALL, national_remaining={"BY": (D("40000"), "BYN")}),
                 reason("national_envelope", state="BY", grant="45000.00", remaining="40000.00",
                        currency="BYN"),
                 id="grant_beyond_what_the_states_envelope_still_has"),
    pytest.param(replace(PROPOSAL, national_grants={"KZ": (D("500000.00"), "RUB")}),
                 replace(CALL, common_budget=False, national_remaining={"BY": (D("40000"), "BYN")}),
                 reason("national_envelope", state="KZ", grant="500000.00", remaining="0.00",
                        currency="RUB"),
                 id="no_common_budget_and_no_envelope_for_the_partners_state"),
    pytest.param(replace(PROPOSAL, has_ip_section=True),
                 replace(CALL, requires_consortium_agreement=True),
                 reason("no_consortium_agreement"), id="consortium_agreement_not_attached"),
    pytest.param(replace(PROPOSAL, attachment_kinds=PROPOSAL.attachment_kinds | {"consortium_agreement"}),
                 replace(CALL, requires_consortium_agreement=True),
                 reason("no_ip_section"), id="ip_section_not_filled_where_the_call_requires_it"),
    pytest.param(replace(PROPOSAL, technology_fields=frozenset()), CALL, reason("no_technology_field"),
                 id="no_technology_field"),
    pytest.param(replace(PROPOSAL, technology_fields=frozenset({"nuclear_radiation", "photonics"})),
                 CALL, reason("field_not_in_call", field="photonics"),
                 id="technology_field_outside_the_call"),
    pytest.param(replace(PROPOSAL, sections={"summary": "A summary.", "work_plan": "  \n"}), CALL,
                 reason("missing_section", section="work_plan"), id="blank_work_plan"),
    pytest.param(replace(PROPOSAL, sections={"work_plan": "A plan."}), CALL,
                 reason("missing_section", section="summary"), id="no_summary_at_all"),
    pytest.param(replace(PROPOSAL, attachment_kinds=frozenset({"budget_table"})), CALL,
                 reason("missing_attachment", kind="letter_of_intent"),
                 id="letter_of_intent_not_attached"),
    pytest.param(replace(PROPOSAL, indicators=(IndicatorFacts("Jobs", None, D("40")),
                                               IndicatorFacts("Patents", D("0"), None))), CALL,
                 reason("no_indicator"), id="no_indicator_with_baseline_and_target"),
    pytest.param(replace(PROPOSAL, indicators=()), CALL, reason("no_indicator"), id="no_indicators"),
]


def test_the_example_proposal_is_eligible():
    assert check_eligibility(PROPOSAL, CALL) == ()


@pytest.mark.parametrize(("proposal", "call", "expected"), SINGLE_FAILURES)
def test_each_rule_fails_alone_with_its_reason(proposal, call, expected):
    assert check_eligibility(proposal, call) == (expected,)


def test_national_envelopes_leave_a_grant_within_them_and_states_without_one_beside_a_budget():
    proposal = replace(PROPOSAL, national_grants={"BY": (D("40000.00"), "BYN"),
                                                  "KZ": (D("500000.00"), "RUB")})
    call = replace(CALL, national_remaining={"BY": (D("40000"), "BYN")})
    assert check_eligibility(proposal, call) == ()


def test_a_call_without_the_agreement_rule_asks_for_neither_agreement_nor_ip_section():
    assert check_eligibility(replace(PROPOSAL, has_ip_section=False), CALL) == ()


def test_every_reason_code_has_a_case_of_its_own():
    assert {case.values[2].code for case in SINGLE_FAILURES} == set(REASON_CODES)


def test_a_proposal_failing_many_rules_gets_every_reason_in_order():
    late = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    stranger = PartnerFacts(
        organisation_id=4, name="Tashkent Textile Cluster", state=None, is_lead=False,
        confirmed=False, endorsed=False, cofinancing_rate=D("0.10"),
        budget=(BudgetLine("equipment", D("900000000"), "UZS", None, None),
                BudgetLine("travel", D("-5"), "RUB", None, None)),
    )
    proposal = ProposalFacts(
        submitted_at=late,
        technology_fields=frozenset({"textiles", "nuclear_radiation", "agriculture"}),
        partners=(replace(SMOLENSK, state=None, endorsed=False), replace(VITEBSK, confirmed=False),
                  stranger),
        sections={"summary": ""},
        attachment_kinds=frozenset(),
        indicators=(),
        declared_grant=D("1"),
    )
    organisations = ("Smolensk Innovation Cluster", "Vitebsk Technology Park", "Tashkent Textile Cluster")
    assert check_eligibility(proposal, replace(CALL, min_states=3)) == (
        reason("call_not_open", submitted_at=late.isoformat(), opens_at=CALL.opens_at.isoformat(),
               closes_at=CALL.closes_at.isoformat()),
        reason("too_few_states", found=1, required=3),
        reason("lead_not_in_member_state", organisation=organisations[0]),
        reason("partner_not_in_member_state", organisation=organisations[2]),
        reason("not_confirmed", organisation=organisations[1]),
        reason("not_confirmed", organisation=organisations[2]),
        reason("not_endorsed", organisation=organisations[0]),
        reason("not_endorsed", organisation=organisations[2]),
        reason("missing_rate", organisation=organisations[2], category="equipment", currency="UZS"),
        reason("negative_amount", organisation=organisations[2], category="travel", amount="-5.00",
               currency="RUB"),
        reason("field_not_in_call", field="agriculture"),
        reason("field_not_in_call", field="textiles"),
        reason("missing_section", section="summary"),
        reason("missing_section", section="work_plan"),
        reason("missing_attachment", kind="letter_of_intent"),
        reason("no_indicator"),
    )


def test_the_budget_totals_are_checked_together_when_every_line_converts():
    call = replace(CALL, max_grant=D("1000000"), min_cofinancing_rate=D("0.5"))
    assert [r.code for r in check_eligibility(replace(PROPOSAL, declared_grant=D("1000000")), call)] \
        == ["grant_above_maximum", "cofinancing_below_minimum", "budget_mismatch"]


def test_the_budget_totals_are_not_checked_when_a_line_cannot_be_converted():
    proposal = replace(with_line(PROPOSAL, 2, rate=None), declared_grant=D("1"))
    call = replace(CALL, max_grant=D("1"), min_cofinancing_rate=D("0.99"))
    assert [r.code for r in check_eligibility(proposal, call)] == ["missing_rate"]


def test_no_lead_and_an_empty_budget_are_reported_alongside_other_reasons():
    proposal = replace(PROPOSAL, partners=(replace(SMOLENSK, is_lead=False, budget=()),
                                           replace(VITEBSK, budget=())), declared_grant=D("5"))
    assert [r.code for r in check_eligibility(proposal, CALL)] == ["no_lead", "empty_budget"]


def test_a_lead_outside_the_member_states_is_reported_once_as_the_lead():
    codes = [r.code for r in check_eligibility(with_partner(PROPOSAL, 0, state="UZ"), CALL)]
    assert codes == ["lead_not_in_member_state"]


def test_partners_outside_the_member_states_do_not_count_towards_the_states():
    proposal = replace(PROPOSAL, partners=(SMOLENSK, replace(VITEBSK, state=None)), declared_grant=None)
    assert check_eligibility(proposal, CALL) == (
        reason("too_few_states", found=1, required=2),
        reason("partner_not_in_member_state", organisation="Vitebsk Technology Park"),
    )


def test_a_proposal_with_no_partners_has_no_states_no_lead_and_no_budget():
    proposal = replace(PROPOSAL, partners=(), declared_grant=None)
    assert [r.code for r in check_eligibility(proposal, CALL)] == \
        ["too_few_states", "no_lead", "empty_budget"]


def test_endorsement_is_not_checked_when_the_call_does_not_require_it():
    proposal = with_partner(with_partner(PROPOSAL, 0, endorsed=False), 1, endorsed=False)
    assert check_eligibility(proposal, replace(CALL, requires_endorsement=False)) == ()


def test_a_stated_grant_is_optional():
    assert check_eligibility(replace(PROPOSAL, declared_grant=None), CALL) == ()


def test_a_partner_with_no_lines_is_fine_when_others_have_lines():
    proposal = replace(with_partner(PROPOSAL, 2, budget=()), declared_grant=D("3397500.00"))
    assert check_eligibility(proposal, CALL) == ()


def test_lines_in_the_calls_currency_need_no_rate():
    assert all(line.rate is None for line in SMOLENSK.budget)
    assert summarise_budget((SMOLENSK,), "RUB") == BudgetSummary(
        total=D("4000000.00"), cofinancing=D("1600000.00"), grant=D("2400000.00"),
        cofinancing_rate=D("0.4000"))


# Boundaries


@pytest.mark.parametrize(("submitted_at", "in_time"), [
    pytest.param(CALL.opens_at - timedelta(microseconds=1), False, id="just_before_opening"),
    pytest.param(CALL.opens_at, True, id="exactly_at_opening"),
    pytest.param(CALL.closes_at - timedelta(microseconds=1), True, id="just_before_closing"),
    pytest.param(CALL.closes_at, False, id="exactly_at_closing"),
    pytest.param(datetime(2026, 5, 1, 13, 59, tzinfo=ALMATY), True, id="before_closing_in_almaty_time"),
    pytest.param(datetime(2026, 5, 1, 14, 0, tzinfo=ALMATY), False, id="at_closing_in_almaty_time"),
])
def test_the_call_is_open_from_its_opening_up_to_but_not_including_its_closing(submitted_at, in_time):
    reasons = check_eligibility(replace(PROPOSAL, submitted_at=submitted_at), CALL)
    assert ("call_not_open" not in [r.code for r in reasons]) is in_time


@pytest.mark.parametrize(("minimum", "passes"), [
    pytest.param(D("0.366"), True, id="below_the_rate"),
    pytest.param(COFINANCING / TOTAL, True, id="exactly_the_rate"),
    pytest.param(D("0.3661"), False, id="just_above_the_rate"),
])
def test_cofinancing_exactly_at_the_minimum_passes(minimum, passes):
    reasons = check_eligibility(PROPOSAL, replace(CALL, min_cofinancing_rate=minimum))
    assert (reasons == ()) is passes


def test_cofinancing_of_every_partner_at_the_minimum_rate_passes():
    partners = tuple(replace(p, cofinancing_rate=D("0.30")) for p in PROPOSAL.partners)
    proposal = replace(PROPOSAL, partners=partners, declared_grant=None)
    assert summarise_budget(partners, "RUB").cofinancing_rate == D("0.3000")
    assert check_eligibility(proposal, CALL) == ()
    nearly = replace(proposal, partners=(replace(partners[0], cofinancing_rate=D("0.2999")), *partners[1:]))
    assert check_eligibility(nearly, CALL) == (reason("cofinancing_below_minimum", rate="29.99",
                                                      minimum="30.00"),)


def test_a_rate_just_below_the_minimum_never_reads_as_the_minimum():
    # (4 000 000 x 0.29999 + 427 500) / 5 425 000 = 29.9993 %
    proposal = replace(PROPOSAL, partners=(replace(SMOLENSK, cofinancing_rate=D("0.29999")), VITEBSK),
                       declared_grant=None)
    assert check_eligibility(proposal, CALL) == (reason("cofinancing_below_minimum", rate="29.99",
                                                        minimum="30.00"),)


def test_a_zero_budget_fails_a_positive_minimum_cofinancing_rate():
    partners = tuple(replace(p, budget=(BudgetLine("personnel", D("0"), "RUB", None, None),))
                     for p in PROPOSAL.partners)
    proposal = replace(PROPOSAL, partners=partners, declared_grant=None)
    assert check_eligibility(proposal, CALL) == (
        reason("cofinancing_below_minimum", rate="0.00", minimum="30.00"),)
    assert check_eligibility(proposal, replace(CALL, min_cofinancing_rate=D("0"))) == ()


@pytest.mark.parametrize(("maximum", "passes"), [
    pytest.param(GRANT + D("0.01"), True, id="one_kopeck_above_the_grant"),
    pytest.param(GRANT, True, id="exactly_the_grant"),
    pytest.param(GRANT - D("0.01"), False, id="one_kopeck_below_the_grant"),
])
def test_a_grant_exactly_at_the_maximum_passes(maximum, passes):
    reasons = check_eligibility(PROPOSAL, replace(CALL, max_grant=maximum))
    assert (reasons == ()) is passes


@pytest.mark.parametrize(("declared", "passes"), [
    pytest.param(GRANT, True, id="the_same"),
    pytest.param(GRANT + D("0.01"), True, id="one_kopeck_more"),
    pytest.param(GRANT - D("0.01"), True, id="one_kopeck_less"),
    pytest.param(GRANT + D("0.011"), False, id="a_little_over_one_kopeck_more"),
    pytest.param(GRANT - D("0.02"), False, id="two_kopecks_less"),
])
def test_a_stated_grant_may_differ_from_the_computed_one_by_one_kopeck(declared, passes):
    reasons = check_eligibility(replace(PROPOSAL, declared_grant=declared), CALL)
    assert (reasons == ()) is passes


# The budget in the call's currency


def test_lines_in_tenge_and_roubles_are_converted_into_a_rouble_call():
    almaty = PartnerFacts(
        organisation_id=5, name="Almaty Pharma Cluster", state="KZ", is_lead=False, confirmed=True,
        endorsed=True, cofinancing_rate=D("0.5"),
        budget=(BudgetLine("personnel", D("1000000"), "KZT", D("0.1812"), RATE_DAY),
                BudgetLine("equipment", D("250000"), "RUB", None, None)),
    )
    # 1 000 000 KZT x 0.1812 = 181 200 RUB, plus 250 000 RUB = 431 200 RUB, half paid by the partner;
    # with Smolensk's 4 000 000 RUB at 40 %.
    assert summarise_budget((SMOLENSK, almaty), "RUB") == BudgetSummary(
        total=D("4431200.00"), cofinancing=D("1815600.00"), grant=D("2615600.00"),
        cofinancing_rate=D("0.4097"))


def test_the_same_lines_into_a_tenge_call():
    almaty = replace(KOSTANAY, budget=(
        BudgetLine("personnel", D("1000000"), "KZT", None, None),
        BudgetLine("equipment", D("250000"), "RUB", D("5.5188"), RATE_DAY)))
    summary = summarise_budget((almaty,), "KZT")
    assert summary.total == D("2379700.00")
    assert summary.grant == D("1784775.00")


def test_the_example_proposal_sums_three_currencies():
    assert summarise_budget(PROPOSAL.partners, "RUB") == BudgetSummary(
        total=TOTAL, cofinancing=COFINANCING, grant=GRANT, cofinancing_rate=D("0.3660"))


def test_amounts_are_rounded_half_up_only_at_the_end():
    partner = replace(KOSTANAY, cofinancing_rate=D("0"), budget=tuple(
        BudgetLine(category, D("0.02"), "KZT", D("0.2"), RATE_DAY) for category in "abc"))
    # 3 x 0.004 = 0.012 -> 0.01; rounding each line first would give 0.00.
    assert summarise_budget((partner,), "RUB").total == D("0.01")
    half = replace(partner, cofinancing_rate=D("0.33325"),
                   budget=(BudgetLine("a", D("0.125"), "RUB", None, None),))
    assert summarise_budget((half,), "RUB").total == D("0.13")
    assert summarise_budget((half,), "RUB").cofinancing_rate == D("0.3333")


def test_the_grant_is_the_budget_less_each_partners_own_share():
    partner = replace(KOSTANAY, cofinancing_rate=D("0.333"),
                      budget=(BudgetLine("personnel", D("1000.005"), "RUB", None, None),))
    summary = summarise_budget((partner,), "RUB")
    assert summary.total == D("1000.01")
    assert summary.cofinancing == D("333.00")      # 333.001665
    assert summary.grant == D("667.00")            # 667.003335
    assert summary.cofinancing_rate == D("0.3330")


def test_a_budget_cannot_be_summarised_when_a_line_lacks_a_rate():
    assert summarise_budget(with_line(PROPOSAL, 1, rate=None).partners, "RUB") is None
    assert summarise_budget(with_line(PROPOSAL, 1, rate_date=None).partners, "RUB") is None


def test_an_empty_budget_sums_to_zero():
    assert summarise_budget((), "RUB") == BudgetSummary(D("0.00"), D("0.00"), D("0.00"), D("0.0000"))


# Reasons


def test_reasons_compare_and_hash_by_code_and_parameters():
    first = reason("not_confirmed", organisation="Kostanay Agro Cluster")
    assert first == Reason("not_confirmed", {"organisation": "Kostanay Agro Cluster"})
    assert first.params == {"organisation": "Kostanay Agro Cluster"}
    assert len({first, reason("not_confirmed", organisation="Kostanay Agro Cluster")}) == 1
    assert first != reason("not_endorsed", organisation="Kostanay Agro Cluster")


def test_a_reasons_parameters_cannot_be_changed():
    params = {"organisation": "Kostanay Agro Cluster"}
    first = Reason("not_confirmed", params)
    params["organisation"] = "someone else"
    assert first.params["organisation"] == "Kostanay Agro Cluster"
    with pytest.raises(TypeError):
        first.params["organisation"] = "someone else"


def test_a_reason_round_trips_through_its_stored_form():
    for found in check_eligibility(replace(PROPOSAL, declared_grant=D("1")), replace(CALL, min_states=4)):
        assert Reason.from_dict(found.as_dict()) == found
    assert reason("too_few_states", found=1, required=2).as_dict() == \
        {"code": "too_few_states", "params": {"found": 1, "required": 2}}


def test_an_unknown_reason_code_is_refused():
    with pytest.raises(ValueError, match="no_such_rule"):
        Reason("no_such_rule")
