"""Demo cooperation ads and one accepted expression of interest, posted by the demo logins of
the member firms (``member.<cluster>@demo.portal``). Looked up by organisation and title before
they are created, so that loading again creates nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.extensions import db
from portal.partnering import services as partnering
from portal.partnering.models import Ad
from portal.registry.services import organisation_by_ref

PHARMA = "pharmaceuticals_biotech_medical"
CHEMISTRY = "chemistry_petrochemistry"
MATERIALS = "new_materials"


@dataclass(frozen=True)
class DemoAd:
    key: str
    #: The ``external_ref`` of the organisation and the e-mail of its member who posts.
    organisation: str
    author: str
    kind: str
    language: str
    title: str
    body: str
    fields: tuple[str, ...]
    anonymous: bool = False


ADS = (
    DemoAd("vitebsk-sterilisation", "demo-by-vi-02", "member.vitebsk@demo.portal",
           "technology_offer", "en", "Contract ethylene-oxide sterilisation of medical devices",
           "SterilLine Vitebsk sterilises medical devices with ethylene oxide under contract, with "
           "process validation to ISO 11135 and sterility testing. Trucks from the Smolensk and "
           "Pskov regions reach us in under four hours; we handle the paperwork for the border.",
           (PHARMA,)),
    DemoAd("smolensk-sterilisation-need", "demo-ru-smo-02", "member.smolensk@demo.portal",
           "technology_request", "ru", "Ищем стерилизацию медицинских изделий этиленоксидом",
           "Производитель хирургических инструментов и одноразовых наборов ищет подрядчика "
           "для стерилизации этиленоксидом: около 40 000 наборов в месяц, валидация по "
           "ISO 11135, доставка из Смоленска.", (PHARMA,)),
    DemoAd("smolensk-polypropylene", "demo-ru-smo-02", "member.smolensk@demo.portal",
           "business_request", "ru", "Нужен поставщик полипропилена медицинского назначения",
           "Ищем поставщика гранулированного полипропилена медицинского назначения для литья "
           "корпусов одноразовых изделий, 15–20 тонн в месяц, с сертификатами на "
           "биосовместимость.", (MATERIALS, PHARMA), anonymous=True),
    DemoAd("pavlodar-caustic-soda", "demo-kz-55-02", "member.pavlodar@demo.portal",
           "business_offer", "en", "Pharmaceutical-grade caustic soda and hydrochloric acid",
           "Ertis Chlor supplies pharmaceutical-grade caustic soda (lye and flakes) and "
           "hydrochloric acid in bulk by rail to Altai Krai, Novosibirsk and the rest of the "
           "Union, with certificates of analysis for each batch.", (CHEMISTRY,)),
)

#: (the interested organisation, its member who writes, the ad, the message): accepted.
ACCEPTED_INTEREST = ("demo-ru-smo-02", "member.smolensk@demo.portal", "vitebsk-sterilisation",
                     "Мы производим одноразовые хирургические наборы в Смоленске и ищем "
                     "стерилизацию этиленоксидом рядом с границей. Готовы обсудить объёмы.")


def _ensure_ad(spec: DemoAd, created: Counter) -> Ad | None:
    organisation = organisation_by_ref(spec.organisation)
    author = accounts.user_by_email(spec.author)
    if organisation is None or author is None:
        return None
    ad = db.session.scalar(select(Ad).where(Ad.organisation_id == organisation.id,
                                            Ad.title == spec.title))
    if ad is None:
        ad = partnering.post_ad(organisation_id=organisation.id, kind=spec.kind,
                                title=spec.title, body=spec.body, language=spec.language,
                                technology_fields=spec.fields, anonymous=spec.anonymous,
                                actor=author)
        created["ads created"] += 1
    return ad


def load_ads(created: Counter) -> None:
    """Post the demo ads and accept one expression of interest, whatever is missing."""
    ads = {spec.key: (spec, _ensure_ad(spec, created)) for spec in ADS}
    reference, email, ad_key, message = ACCEPTED_INTEREST
    owner_spec, ad = ads[ad_key]
    sender, owner = accounts.user_by_email(email), accounts.user_by_email(owner_spec.author)
    organisation = organisation_by_ref(reference)
    if ad is None or sender is None or owner is None or organisation is None:
        return
    if partnering.open_interest(ad.id, organisation.id) is None:
        interest = partnering.express_interest(ad.id, organisation.id, message, sender)
        partnering.accept_interest(interest.id, owner)
        created["interests accepted"] += 1
