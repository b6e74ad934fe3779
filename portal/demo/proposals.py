"""The demo calls and proposals (DESIGN 7): one proposal for each rule outcome of DESIGN 4.1 and,
with the extra ones, every status of the workflow.

Everything goes through the services, as the people and the worker would: the secretariat opens
the calls; a cluster manager drafts each proposal; a member of each partner confirms and its
contact point endorses; the manager submits; the worker's eligibility check
(:func:`~portal.proposals.screening.screen_proposal`), expert assignment and consolidation run as
the worker runs them; the demo experts accept and review; the secretariat writes and locks the
consensus report. The vote sessions (:mod:`portal.demo.council`) take it from there.

A call is looked up by its title and a proposal by its acronym before they are created, so that
loading again creates nothing; a proposal found is left where it is (the worker may have moved it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.calls import services as calls
from portal.calls.models import Call
from portal.core.db import utcnow
from portal.demo.cofunding import national_envelopes
from portal.demo.people import EXPERTS
from portal.demo.rates import in_roubles
from portal.extensions import db
from portal.proposals import services as proposals
from portal.proposals.models import Proposal
from portal.proposals.screening import screen_proposal
from portal.proposals.transitions import apply_transition
from portal.proposals.workflow import Action, ProposalStatus
from portal.reference.models import MemberState
from portal.registry.services import organisation_by_ref
from portal.review import experts, panels
from portal.review import services as review
from portal.review.models import Recommendation
from portal.review.services import panel

PHARMA = "pharmaceuticals_biotech_medical"
CHEMISTRY = "chemistry_petrochemistry"
MATERIALS = "new_materials"
AGRO = "agro_food"
NUCLEAR = "nuclear_radiation"
DOMAIN = "demo.portal"
SECRETARIAT = f"secretariat@{DOMAIN}"
DEMO_ACTOR = "demo"

S = ProposalStatus

CRITERIA = [
    {"key": "excellence", "name": "Научно-техническое качество", "weight": "0.4",
     "threshold": "3"},
    {"key": "impact", "name": "Кооперационный эффект и влияние", "weight": "0.35",
     "threshold": "3"},
    {"key": "implementation", "name": "Качество реализации", "weight": "0.25",
     "threshold": "2.5"},
]


@dataclass(frozen=True)
class DemoCall:
    key: str
    title: str
    description: str
    decision_rule: str
    min_states: int = 2
    #: Whether the states' national envelopes (:mod:`portal.demo.cofunding`) co-fund it.
    co_funded: bool = False


#: The secretariat opened both calls two months ago; they close in six weeks, so that a demo
#: draft can still be submitted.
CALLS = (
    DemoCall("cooperation", "Совместные проекты кластеров ЕАЭС — 2026 (demo)",
             "Демонстрационный конкурс: совместные проекты кластеров двух и более государств — "
             "членов Союза в фармацевтике, химии, новых материалах, агробиотехнологиях и "
             "ядерной медицине. Решение Совета принимается консенсусом. Россия, Беларусь и "
             "Казахстан софинансируют своих участников из национальных бюджетов.", "consensus",
             co_funded=True),
    DemoCall("industrial", "Программа промышленной кооперации ЕАЭС — 2026 (demo)",
             "Демонстрационный конкурс промышленной кооперации: сырьё и материалы для "
             "фармацевтической и химической промышленности. Решение принимается "
             "квалифицированным большинством (две трети всех мест Совета).",
             "qualified_majority"),
)


@dataclass(frozen=True)
class DemoProposal:
    #: The stable key: the acronym is unique among the demo proposals.
    acronym: str
    title: str
    summary: str
    call: str
    #: The cluster key of the manager who drafts it (``manager.<key>@demo.portal``).
    manager: str
    #: ``external_ref`` of the lead first, then of each partner, with the login that confirms it.
    partners: tuple[tuple[str, str], ...]
    fields: tuple[str, ...]
    #: Where the loader leaves it (the vote sessions take ``ready_for_council`` ones further).
    target: ProposalStatus
    #: Each expert's scores (excellence, impact, implementation), one tuple per expert.
    scores: tuple[tuple[str, str, str], ...] = (("4", "4.5", "4"), ("4.5", "4", "3.5"),
                                                ("4", "4", "4"))
    recommendation: str = Recommendation.FUND
    conditions: str = ""
    note: str = ""
    indicators: tuple[tuple[str, str, str, str], ...] = field(default=())


@dataclass(frozen=True)
class DemoIp:
    """A proposal's IP section (DESIGN 4.10): background IP as ``(position of the partner in
    DemoProposal.partners, title, kind, terms)``, who owns the results, the access rights."""

    background: tuple[tuple[int, str, str, str], ...]
    ownership: str
    access_rights: str


#: The IP sections of the funded proposals, of those before the council and of one in review.
IP_SECTIONS = {
    "STERIL-BORDER": DemoIp(
        ((0, "Методика валидации стерилизации этиленоксидом по ISO 11135", "know_how",
          "Безвозмездно для целей проекта; после проекта — по лицензионному договору."),
         (1, "Патент на полезную модель «Корпус одноразового медицинского изделия» (demo)",
          "patent", "Неисключительная лицензия партнёру на срок проекта без вознаграждения.")),
        "creator",
        "Каждый партнёр безвозмездно пользуется результатами другого для целей проекта; "
        "коммерческое использование — на справедливых и разумных условиях."),
    "VOLGA-INJECT": DemoIp(
        ((0, "Учебные модули по асептическому производству", "know_how",
          "Партнёр использует модули в своих программах обучения без вознаграждения."),
         (1, "Симулятор чистых помещений", "software",
          "Лицензия на 20 рабочих мест на срок проекта.")),
        "joint",
        "Совместная программа принадлежит обоим партнёрам; каждый вправе проводить обучение "
        "по ней без согласия другого."),
    "ERTIS-CHUY": DemoIp(
        ((0, "Рецептуры гипохлоритных дезинфектантов", "know_how",
          "Для целей проекта; раскрываются под соглашение о конфиденциальности."),
         (1, "Коллекция штаммов-биостимуляторов Ala-Too", "data",
          "Штаммы передаются для испытаний; права на них остаются у владельца.")),
        "creator",
        "Результаты испытаний доступны обоим партнёрам безвозмездно; публикации — "
        "по согласованию."),
    "EURASIA-BIOSIM": DemoIp(
        ((0, "Клеточные линии-продуценты (demo)", "know_how",
          "Передаются партнёрам для пилотного производства; вне проекта — по лицензии."),
         (1, "Технологический регламент пилотного производства", "know_how",
          "Для целей проекта."),
         (2, "Данные доклинических исследований педиатрических форм", "data",
          "Доступны партнёрам для регистрационного досье.")),
        "joint",
        "Результаты принадлежат партнёрам совместно; лицензии третьим лицам — с согласия "
        "всех трёх партнёров."),
    "PET-ARARAT": DemoIp(
        ((0, "Патентная заявка на синтез фтор-18-меченого препарата (demo)", "patent",
          "Исключительная лицензия партнёру на производство в ЕАЭС на срок проекта."),),
        "lead",
        "Ведущая организация предоставляет партнёру неисключительную лицензию на результаты "
        "для производства; роялти — по отдельному договору."),
    "NEVA-SOUTH": DemoIp(
        ((0, "Методики контроля качества радиофармпрепаратов", "know_how",
          "Безвозмездно для обучения персонала партнёра."),
         (1, "Лабораторная информационная система", "software",
          "Партнёр предоставляет доступ к системе на время проекта.")),
        "creator",
        "Каждый партнёр владеет созданным им; другой пользуется результатами для целей "
        "проекта безвозмездно."),
}


def _login(key: str, kind: str = "member") -> str:
    return f"{kind}.{key}@{DOMAIN}"


PROPOSALS: tuple[DemoProposal, ...] = (
    # DESIGN 7's proposals, one for each rule outcome.
    DemoProposal(
        "STERIL-BORDER", "Приграничный центр стерилизации медицинских изделий Витебск — Смоленск",
        "Контрактная стерилизация этиленоксидом для производителей медицинских изделий "
        "Смоленской области на мощностях SterilLine Vitebsk; совместная валидация по ISO 11135. "
        "Проект вырос из принятого отклика на объявление платформы.",
        "cooperation", "vitebsk",
        (("demo-by-vi-02", _login("vitebsk")), ("demo-ru-smo-02", _login("smolensk"))),
        (PHARMA,), S.IN_IMPLEMENTATION),
    DemoProposal(
        "ALTAI-IRTYSH", "Сырьё Прииртышья для фитофармацевтики Алтая",
        "Поставки фармакопейного спирта, каустической соды и соляной кислоты из Павлодарской "
        "области и области Абай для экстракционных производств Алтайского края.",
        "industrial", "altai",
        (("demo-ru-alt-02", _login("altai")), ("demo-kz-55-02", _login("pavlodar")),
         ("demo-kz-55-05", _login("semey"))),
        (PHARMA, CHEMISTRY), S.READY_FOR_COUNCIL),
    DemoProposal(
        "CHUY-TARAZ-BIO", "Биоудобрения для лекарственных культур Чуйской долины и Жамбыла",
        "Полевые испытания микробных биоудобрений Ala-Too Biofertilisers на плантациях "
        "солодки и календулы в Жамбылской области.",
        "cooperation", "chuy",
        (("demo-kg-c-02", _login("chuy")), ("demo-kz-35-05", _login("taraz"))),
        (AGRO, PHARMA), S.READY_FOR_COUNCIL),
    DemoProposal(
        "BIOEQ-KV", "Исследования биоэквивалентности дженериков Калуга — Витебск",
        "Клинические исследования биоэквивалентности калужских дженериков в клинической "
        "базе Двинского медицинского университета.",
        "cooperation", "kaluga",
        (("demo-ru-klu-02", _login("kaluga")), ("demo-by-vi-01", _login("vitebsk", "office"))),
        (PHARMA,), S.READY_FOR_COUNCIL,
        scores=(("3", "2.5", "3.5"), ("4.5", "4", "4"), ("3.5", "3", "3"))),
    DemoProposal(
        "PHYTO-API", "Растительные фармацевтические субстанции Сарыарки для Калуги",
        "Перенос производства растительных субстанций по GMP ЕАЭС с регистрационным досье "
        "для калужских производителей твёрдых лекарственных форм.",
        "cooperation", "karaganda",
        (("demo-kz-35-02", _login("karaganda")), ("demo-ru-klu-02", _login("kaluga"))),
        (PHARMA, CHEMISTRY), S.READY_FOR_COUNCIL,
        recommendation=Recommendation.FUND_WITH_CONDITIONS,
        conditions="Представить план инспекции GMP площадки в Караганде до подписания "
                   "соглашения."),
    DemoProposal(
        "PET-ARARAT", "ПЭТ-радиофармпрепараты: Ереван — Санкт-Петербург",
        "Масштабирование по GMP новых радиофармпрепаратов фтор-18, разработанных Hrazdan "
        "Isotopes, на производстве «Радиофарм Нева».",
        "cooperation", "yerevan",
        (("demo-am-er-02", _login("yerevan")), ("demo-ru-spe-02", _login("spb"))),
        (PHARMA, NUCLEAR), S.READY_FOR_COUNCIL),
    DemoProposal(
        "EURASIA-BIOSIM", "Евразийская программа биоаналогов: Калуга — Минск — Шымкент",
        "Программа трёх государств: разработка клеточных линий в Калуге, пилотное "
        "производство в Минске и педиатрические формы в Шымкенте.",
        "cooperation", "kaluga",
        (("demo-ru-klu-01", _login("kaluga", "office")), ("demo-by-hm-02", _login("minsk")),
         ("demo-kz-79-02", _login("shymkent"))),
        (PHARMA,), S.READY_FOR_COUNCIL),
    DemoProposal(
        "SMOL-BRYANSK", "Полимерные корпуса медицинских изделий Смоленск — Брянск",
        "Совместное литьё корпусов одноразовых изделий. Оба партнёра в России: проект "
        "национальный и в конкурс Совета не допускается.",
        "cooperation", "smolensk",
        (("demo-ru-smo-02", _login("smolensk")), ("demo-ru-smo-04", _login("bryansk"))),
        (PHARMA, MATERIALS), S.INELIGIBLE),
    # The other statuses of the workflow.
    DemoProposal(
        "VOLGA-INJECT", "Подготовка технологов инъекционных форм Ярославль — Минск",
        "Совместная программа подготовки технологов асептического производства.",
        "cooperation", "yaroslavl",
        (("demo-ru-yar-02", _login("yaroslavl")), ("demo-by-hm-01", _login("minsk", "office"))),
        (PHARMA,), S.COMPLETED),
    DemoProposal(
        "ERTIS-CHUY", "Дезинфекция теплиц и биостимуляторы: Павлодар — Чуйская долина",
        "Гипохлоритные дезинфектанты Ertis Chlor и микробные биостимуляторы Ala-Too для "
        "тепличных хозяйств Чуйской долины и Павлодарской области. Проект отстаёт от плана "
        "и остаётся демонстрацией проекта «под угрозой».",
        "cooperation", "pavlodar",
        (("demo-kz-55-02", _login("pavlodar")), ("demo-kg-c-02", _login("chuy"))),
        (CHEMISTRY, AGRO), S.IN_IMPLEMENTATION),
    DemoProposal(
        "AMPOULE-GLASS", "Медицинское стекло для ампул Шымкента",
        "Поставки и совместная сертификация ампульного стекла для инъекционных форм.",
        "industrial", "shymkent",
        (("demo-kz-79-01", _login("shymkent", "office")),
         ("demo-ru-yar-01", _login("yaroslavl", "office"))),
        (PHARMA, MATERIALS), S.READY_FOR_COUNCIL,
        scores=(("3", "3", "3.5"), ("3.5", "3", "3"), ("3", "3.5", "3"))),
    DemoProposal(
        "DENTAL-STERIL", "Стерилизация дентальных имплантов Еревана в Витебске",
        "Контрактная стерилизация дентальных имплантов и инструментов армянских "
        "производителей с логистикой через склады ЕАЭС.",
        "cooperation", "yerevan",
        (("demo-am-er-01", _login("yerevan", "office")), ("demo-by-vi-02", _login("vitebsk"))),
        (PHARMA,), S.READY_FOR_COUNCIL),
    DemoProposal(
        "BIO-SARYARKA", "Пробиотики и фитохимия: Минск — Караганда",
        "Совместная разработка пробиотических препаратов с растительными компонентами.",
        "cooperation", "minsk",
        (("demo-by-hm-02", _login("minsk")), ("demo-kz-35-01", _login("karaganda", "office"))),
        (PHARMA, AGRO), S.CONSOLIDATION,
        scores=(("2.5", "3", "3"), ("4.5", "4.5", "4"), ("3.5", "3.5", "3"))),
    DemoProposal(
        "NEVA-SOUTH", "Контроль качества радиофармпрепаратов Санкт-Петербург — Шымкент",
        "Передача методик контроля качества и обучение персонала.",
        "cooperation", "spb",
        (("demo-ru-spe-01", _login("spb", "office")), ("demo-kz-79-02", _login("shymkent"))),
        (PHARMA, NUCLEAR), S.IN_REVIEW),
    DemoProposal(
        "ALTAI-CHUY-VET", "Ветеринарные пробиотики Алтай — Чуй",
        "Регистрация и производство ветеринарных пробиотиков для мелкого рогатого скота.",
        "cooperation", "chuy",
        (("demo-kg-c-01", _login("chuy", "office")), ("demo-ru-alt-01", _login("altai", "office"))),
        (AGRO, PHARMA), S.ELIGIBLE),
    DemoProposal(
        "ERTIS-MINSK", "Хлорщелочные реагенты для биотехнологий Минска",
        "Поставки реагентов фармакопейного качества из Павлодара для минских "
        "биотехнологических производств.",
        "industrial", "pavlodar",
        (("demo-kz-55-02", _login("pavlodar")), ("demo-by-hm-01", _login("minsk", "office"))),
        (CHEMISTRY,), S.SUBMITTED),
    DemoProposal(
        "ARARAT-SOUTH", "Экспорт армянских дженериков через Шымкент",
        "Регистрация и дистрибуция армянских дженериков в Казахстане.",
        "cooperation", "yerevan",
        (("demo-am-er-01", _login("yerevan", "office")),
         ("demo-kz-79-01", _login("shymkent", "office"))),
        (PHARMA,), S.RETURNED_TO_APPLICANT,
        note="Уточните, какую долю бюджета несёт казахстанский партнёр, и добавьте "
             "показатель по числу зарегистрированных препаратов."),
    DemoProposal(
        "KALUGA-ARARAT", "Медицинская химия Еревана для калужских дженериков",
        "Черновик: оптимизация синтеза субстанций. Армянский партнёр ещё не подтвердил "
        "участие.",
        "cooperation", "kaluga",
        (("demo-ru-klu-02", _login("kaluga")), ("demo-am-er-02", "")),
        (PHARMA,), S.DRAFT),
    DemoProposal(
        "DVINA-NURA", "Фитосубстанции Сарыарки для Витебска",
        "Проект отозван заявителем до подачи.",
        "cooperation", "vitebsk",
        (("demo-by-vi-01", _login("vitebsk", "office")), ("demo-kz-35-02", _login("karaganda"))),
        (PHARMA,), S.WITHDRAWN,
        note="Партнёры решили подать проект в следующий конкурс."),
)


def _user(email: str):
    return accounts.user_by_email(email)


def ensure_calls(created: Counter) -> dict[str, Call]:
    secretariat = _user(SECRETARIAT)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    found = {}
    for spec in CALLS:
        call = db.session.scalar(select(Call).where(Call.title == spec.title))
        if call is None:
            call = calls.open_call({
                "title": spec.title, "description": spec.description, "language": "ru",
                "opens_at": now - timedelta(days=60), "closes_at": now + timedelta(days=42),
                "timezone": "Europe/Moscow", "budget": "500000000", "currency": "RUB",
                "max_grant": "40000000", "min_cofinancing_rate": "0.3",
                "min_states": spec.min_states, "requires_endorsement": True,
                "technology_fields": [PHARMA, CHEMISTRY, MATERIALS, AGRO, NUCLEAR],
                "criteria": CRITERIA, "overall_threshold": "3", "experts_per_proposal": 3,
                "review_days": 30, "decision_rule": spec.decision_rule,
                "required_attachments": [],
                "national_envelopes": national_envelopes() if spec.co_funded else None},
                secretariat)
            created["calls opened"] += 1
        found[spec.key] = call
    return found


#: Each partner's budget, in roubles; the demo budgets it in the partner's own currency.
BUDGET_IN_ROUBLES = (("staff", Decimal(6_000_000)), ("equipment", Decimal(4_500_000)),
                     ("travel", Decimal(500_000)))


def _budget(organisation) -> list[dict]:
    """The partner's budget in its state's currency, rounded to three significant figures."""
    state = db.session.get(MemberState, organisation.state_code)
    currency = state.currency if state is not None else "RUB"
    rate = in_roubles(currency)
    return [{"category": category,
             "amount": str(round_figures(amount / rate)), "currency": currency}
            for category, amount in BUDGET_IN_ROUBLES]


def round_figures(amount: Decimal, figures: int = 3) -> Decimal:
    exponent = amount.adjusted() - figures + 1
    return amount.scaleb(-exponent).quantize(Decimal(1)).scaleb(exponent).quantize(Decimal(1))


def _values(spec: DemoProposal, call: Call) -> dict:
    organisations = [organisation_by_ref(reference) for reference, _email in spec.partners]
    return {
        "call_id": call.id, "title": spec.title, "acronym": spec.acronym, "language": "ru",
        "summary": spec.summary,
        "work_plan": "1–6 мес.: подготовка и трансфер методик; 7–18 мес.: пилотные партии и "
                     "валидация; 19–24 мес.: выход на серийные поставки.",
        "duration_months": 24, "lead_organisation_id": organisations[0].id,
        "technology_fields": list(spec.fields),
        "partners": [{"organisation_id": organisation.id, "cofinancing_rate": "0.4",
                      "budget": _budget(organisation)} for organisation in organisations],
        "indicators": [{"name": "Совместные производственные партии", "unit": "партий",
                        "baseline": "0", "target": "12"},
                       {"name": "Экспортные поставки партнёрам", "unit": "млн руб.",
                        "baseline": "0", "target": "150"}],
        "milestones": [{"title": "Трансфер методик завершён", "month": 6,
                        "deliverable": "Отчёт о трансфере"},
                       {"title": "Пилотные партии выпущены", "month": 18,
                        "deliverable": "Протоколы испытаний"}],
        "ip": _ip(spec, organisations),
    }


def _ip(spec: DemoProposal, organisations: list) -> dict:
    section = IP_SECTIONS.get(spec.acronym)
    if section is None:
        return {}
    return {"background": [{"organisation_id": organisations[position].id, "title": title,
                            "kind": kind, "terms": terms}
                           for position, title, kind, terms in section.background],
            "results_ownership": section.ownership, "access_rights": section.access_rights}


def _draft(spec: DemoProposal, call: Call) -> Proposal:
    manager = _user(f"manager.{spec.manager}@{DOMAIN}")
    proposal = proposals.create_proposal(_values(spec, call), manager)
    for (_reference, email), partner in zip(spec.partners, _partners_in_order(proposal, spec),
                                           strict=True):
        if email:
            proposals.confirm_partner(proposal.id, partner.organisation_id, _user(email))
        if spec.target != S.DRAFT or email:
            contact = _user(f"contact.{partner.organisation.state_code.lower()}@{DOMAIN}")
            proposals.endorse_partner(proposal.id, partner.organisation_id, contact)
    return proposal


def _partners_in_order(proposal: Proposal, spec: DemoProposal):
    by_ref = {partner.organisation.external_ref: partner for partner in proposal.partners}
    return [by_ref[reference] for reference, _email in spec.partners]


def _review(proposal: Proposal, spec: DemoProposal, reviews: int, accepted: int) -> None:
    """The first ``accepted`` experts of the panel accept; the first ``reviews`` review."""
    keys = [criterion["key"] for criterion in CRITERIA]
    for position, assignment in enumerate(panel(proposal)):
        expert = assignment.expert
        if position < accepted:
            review.accept_assignment(assignment.id, expert, True)
        if position < reviews:
            scores = dict(zip(keys, spec.scores[position % len(spec.scores)], strict=True))
            comments = {key: _COMMENTS[key] for key in keys}
            review.submit_review(assignment.id, expert, scores, comments, spec.recommendation)


_COMMENTS = {
    "excellence": "Технический уровень соответствует задачам; методики описаны подробно.",
    "impact": "Кооперация партнёров из разных государств даёт ощутимый экономический эффект.",
    "implementation": "План работ реалистичен, риски названы, бюджет обоснован.",
}

#: The statuses the walk below stops at; a proposal meant for a decision stops at
#: ``ready_for_council`` and goes on in a vote session.
STOPS = (S.DRAFT, S.WITHDRAWN, S.SUBMITTED, S.INELIGIBLE, S.ELIGIBLE, S.RETURNED_TO_APPLICANT,
         S.IN_REVIEW, S.CONSOLIDATION, S.READY_FOR_COUNCIL)


def _walk(spec: DemoProposal, call: Call) -> Proposal:
    """Take a new proposal along the workflow to its stop, each step by the one who takes it."""
    stop = spec.target if spec.target in STOPS else S.READY_FOR_COUNCIL
    secretariat = _user(SECRETARIAT)
    proposal = _draft(spec, call)
    manager = _user(f"manager.{spec.manager}@{DOMAIN}")
    if stop == S.WITHDRAWN:
        proposals.withdraw_proposal(proposal.id, manager, note=spec.note)
    if stop in (S.DRAFT, S.WITHDRAWN):
        return proposal
    # The national proposal fails the preview; it is submitted as it was before the portal
    # checked first, to show the worker's refusal with its reason.
    proposals.submit_proposal(proposal.id, manager, preview=stop != S.INELIGIBLE)
    if stop == S.SUBMITTED:
        return proposal
    screen_proposal(proposal)  # the worker's eligibility check
    if stop == S.RETURNED_TO_APPLICANT:
        apply_transition(proposal, Action.RETURN_TO_APPLICANT, secretariat, note=spec.note)
    if stop in (S.INELIGIBLE, S.ELIGIBLE, S.RETURNED_TO_APPLICANT):
        return proposal
    panels.assign_experts(proposal.id)  # the worker's assignment
    if stop == S.IN_REVIEW:
        _review(proposal, spec, reviews=1, accepted=2)
        return proposal
    _review(proposal, spec, reviews=3, accepted=3)
    panels.consolidate_reviews(proposal.id)  # the worker, once the reviews are in
    if stop == S.CONSOLIDATION:
        return proposal
    totals = [sum(float(s) for s in sheet) / 3 for sheet in spec.scores]
    mean = f"{round(2 * sum(totals) / len(totals)) / 2:.1f}"
    review.write_consensus_report(
        proposal.id, secretariat, {c["key"]: mean for c in CRITERIA}, spec.recommendation,
        "Эксперты единодушно отмечают сильный консорциум и реалистичный план работ. "
        + (spec.conditions or ""), conditions=spec.conditions, lock=True)
    return proposal


def proposal_by_acronym(acronym: str) -> Proposal | None:
    return db.session.scalar(select(Proposal).where(Proposal.acronym == acronym)
                             .order_by(Proposal.id).limit(1))


def ensure_experts(created: Counter) -> None:
    """Give each demo expert a profile (state and fields), once."""
    for email, (state, fields) in EXPERTS.items():
        user = _user(email)
        if user is not None and experts.expert_profile_by_email(email) is None:
            experts.save_expert_profile(user, state, fields, [], DEMO_ACTOR)
            created["expert profiles created"] += 1


def load_proposals(created: Counter) -> None:
    """Open the demo calls and walk every missing demo proposal to its stage."""
    if _user(SECRETARIAT) is None:
        return
    ensure_experts(created)
    found_calls = ensure_calls(created)
    for spec in PROPOSALS:
        if proposal_by_acronym(spec.acronym) is None:
            _walk(spec, found_calls[spec.call])
            created["proposals created"] += 1
