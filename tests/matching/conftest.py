"""A tiny hand-made set of published organisations, embedded and indexed."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.matching.services import embed_organisation, rebuild_index
from portal.registry.services import create_organisation, publish_organisation

PROFILES = {
    # the seeker: Smolensk (RU-SMO borders Vitebsk, BY-VI), needs in Russian
    "seeker": dict(name="Смоленские изделия", kind="enterprise", state="RU", region="RU-SMO",
                   language="ru", needs=["Радиационная стерилизация одноразовых медицинских изделий"],
                   offers=["Литьё под давлением корпусов медицинских приборов"],
                   technology_fields=["pharmaceuticals_biotech_medical"]),
    # across the border, in English: meets the need
    "vitebsk": dict(name="Vitebsk Beam", kind="enterprise", state="BY", region="BY-VI",
                    language="en", offers=["Electron-beam sterilisation of single-use medical devices"],
                    technology_fields=["pharmaceuticals_biotech_medical"]),
    # far away, in English: meets the need too
    "almaty": dict(name="Almaty Irradiation", kind="research_institute", state="KZ", region="KZ-75",
                   language="en", offers=["Gamma irradiation of disposable medical products"]),
    # unrelated
    "kostanay": dict(name="Kostanay Grain", kind="enterprise", state="KZ", region="KZ-39",
                     language="ru", offers=["Поставки продовольственной пшеницы третьего класса"]),
    # the same state as the seeker: never suggested for other_states
    "moscow": dict(name="Московская стерилизация", kind="enterprise", state="RU", region="RU-MOW",
                   language="ru", offers=["Радиационная стерилизация медицинских изделий"]),
}


@pytest.fixture
def matching_set(session):
    ids = {}
    for key, fields in PROFILES.items():
        organisation = create_organisation(actor="test", **fields)
        publish_organisation(organisation.id, "test")
        embed_organisation(organisation.id)
        ids[key] = organisation.id
    db.session.commit()
    rebuild_index()
    return ids
