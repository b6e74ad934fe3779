"""The demo's ads: posted by the demo member firms, one anonymous, one interest accepted, and
nothing created by a second load."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo.loader import load_demo
from portal.partnering.models import Ad, ExpressionOfInterest, InterestStatus


def test_demo_ads_are_loaded_once_with_an_anonymous_one_and_an_accepted_interest(session):
    load_demo()
    counts = (session.scalar(select(func.count(Ad.id))),
              session.scalar(select(func.count(ExpressionOfInterest.id))))
    load_demo()
    assert (session.scalar(select(func.count(Ad.id))),
            session.scalar(select(func.count(ExpressionOfInterest.id)))) == counts == (4, 1)

    ads = {ad.title: ad for ad in session.scalars(select(Ad))}
    offer = ads["Contract ethylene-oxide sterilisation of medical devices"]
    assert offer.organisation.name == "SterilLine Vitebsk" and offer.language == "en"
    assert ads["Pharmaceutical-grade caustic soda and hydrochloric acid"].organisation.state_code == "KZ"
    assert [ad.organisation.region_code for ad in ads.values() if ad.anonymous] == ["RU-SMO"]
    interest = session.scalar(select(ExpressionOfInterest))
    assert interest.ad_id == offer.id and interest.status == InterestStatus.ACCEPTED
    assert interest.organisation.region_code == "RU-SMO"
