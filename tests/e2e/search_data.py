"""Published profiles for the search page's browser test, indexed as the worker would."""

from __future__ import annotations

from portal.registry.models import ProfileStatus
from portal.search.services import reindex
from tests.factories import make_organisation

RUSSIAN_FILLER = "Тульский завод стерильных форм"
BELARUS_STEEL = "Zhlobin Castings"


def add_search_profiles() -> None:
    made = [
        make_organisation(name=RUSSIAN_FILLER, region="RU-TUL", language="ru",
                          status=ProfileStatus.PUBLISHED, description="Фармацевтика",
                          offers=["Асептический розлив во флаконы"]),
        make_organisation(name=BELARUS_STEEL, state="BY", region="BY-HO",
                          status=ProfileStatus.PUBLISHED, description="Steel castings",
                          offers=["Aseptic-grade stainless steel castings"]),
    ]
    for organisation in made:
        reindex("organisation", organisation.id)
