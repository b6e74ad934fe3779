"""The ad pages: list and filters, posting, expressing interest, answering, renewing, following;
an anonymous ad's owner is on no page before acceptance."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.partnering import services, views
from portal.partnering.models import Ad, AdStatus, InterestStatus
from portal.search.services import reindex
from tests.pages import signed_in
from tests.partnering.conftest import post
from tests.tables import assert_reflows


def test_the_list_shows_active_ads_with_filters_and_hides_an_anonymous_owner(
        app, client, parties, ad, anonymous_ad):
    db.session.commit()
    browser = signed_in(app, parties.outsider)
    page = browser.get("/ads").get_data(as_text=True)
    assert ad.title in page and anonymous_ad.title in page
    assert page.count(parties.owner_org.name) == 1  # the named ad only
    assert "Anonymous organisation" in page
    filtered = browser.get("/ads?kind=rd_request&state=&technology_field=&q=").get_data(as_text=True)
    assert ad.title not in filtered and "0 ads found." in filtered
    assert browser.get("/ads?state=ZZ").status_code == 200  # an unknown choice filters nothing


def indexed(*ads) -> None:
    """Index the ads at once, as the worker does moments after each commit."""
    for ad in ads:
        reindex("ad", ad.id)
    db.session.commit()


def test_words_on_the_list_rank_through_the_search_best_first_with_the_filters(
        app, parties, ad, anonymous_ad):
    weak = post(parties, kind="rd_request", title="Looking for a laboratory",
                body="Sterility testing of our batches", technology_fields=[])
    db.session.commit()
    browser = signed_in(app, parties.outsider)
    assert ad.title not in browser.get("/ads?q=sterilisation").get_data(as_text=True)  # not yet
    indexed(ad, anonymous_ad, weak)

    page = browser.get("/ads?q=sterilisation").get_data(as_text=True)
    assert "3 ads found." in page
    assert page.index(ad.title) < page.index(weak.title)  # best first, not newest first
    assert page.count(parties.owner_org.name) == 2  # the named two: the anonymous one hides it
    assert "Anonymous organisation" in page
    by_word = browser.get("/ads?q=anonymous").get_data(as_text=True)
    assert anonymous_ad.title in by_word and ad.title not in by_word
    assert "0 ads found." in browser.get("/ads?q=ilisatio").get_data(as_text=True)  # not a part
    filtered = browser.get("/ads?q=sterilisation&kind=rd_request").get_data(as_text=True)
    assert weak.title in filtered and ad.title not in filtered and "1 ads found." in filtered
    assert "0 ads found." in browser.get("/ads?q=sterilisation&state=RU").get_data(as_text=True)

    services.withdraw_ad(weak.id, parties.owner)
    db.session.commit()
    assert weak.title not in browser.get(
        "/ads?q=sterilisation&kind=rd_request").get_data(as_text=True)  # still indexed


def test_words_on_the_list_page_through_the_ranked_results(app, parties, ad, anonymous_ad,
                                                            monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 1)
    indexed(ad, anonymous_ad)
    browser = signed_in(app, parties.outsider)
    first = browser.get("/ads?q=sterilisation").get_data(as_text=True)
    second = browser.get("/ads?q=sterilisation&page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first and "q=sterilisation" in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    titles = {ad.title, anonymous_ad.title}
    shown = [{t for t in titles if t in text} for text in (first, second)]
    assert len(shown[0]) == len(shown[1]) == 1 and shown[0] | shown[1] == titles


def test_a_russian_query_on_the_list_finds_an_english_ad(app, parties, ad):
    indexed(ad)
    page = signed_in(app, parties.sender).get("/ads?q=стерилизация").get_data(as_text=True)
    assert ad.title in page


def test_an_anonymous_owner_is_disclosed_on_the_pages_only_after_acceptance(
        app, parties, anonymous_ad):
    interest = services.express_interest(anonymous_ad.id, parties.other_org.id, "Hello",
                                         parties.sender)
    db.session.commit()
    sender = signed_in(app, parties.sender)
    secret = parties.owner_org.name
    for path in ("/ads", f"/ads/{anonymous_ad.id}", "/interests", f"/interests/{interest.id}"):
        text = sender.get(path).get_data(as_text=True)
        assert secret not in text and parties.owner.email not in text, path

    owner = signed_in(app, parties.owner)
    answer = owner.get(f"/interests/{interest.id}").get_data(as_text=True)
    assert "Accept and exchange contact details" in answer and parties.sender.email not in answer
    assert owner.post(f"/interests/{interest.id}/accept").status_code == 302

    detail = sender.get(f"/interests/{interest.id}").get_data(as_text=True)
    assert secret in detail and parties.owner.email in detail
    # the sender reads Russian: look for the joint proposal's section (no call is open here)
    assert 'id="joint-heading"' in detail and 'class="no-open-call"' in detail
    assert secret in sender.get(f"/ads/{anonymous_ad.id}").get_data(as_text=True)
    assert parties.sender.email in owner.get(f"/interests/{interest.id}").get_data(as_text=True)
    outsider = signed_in(app, parties.outsider)
    assert secret not in outsider.get(f"/ads/{anonymous_ad.id}").get_data(as_text=True)


def test_a_member_posts_an_ad_through_the_form(app, parties):
    db.session.commit()
    owner = signed_in(app, parties.owner)
    assert owner.get("/ads/new").status_code == 200
    response = owner.post("/ads/new", data={
        "organisation_id": parties.owner_org.id, "kind": "business_request",
        "title": "Polypropylene for nonwovens", "body": "Medical grade, 20 t a month.",
        "language": "en", "technology_fields": ["new_materials"], "anonymous": "y"})
    assert response.status_code == 302
    ad = db.session.scalar(select(Ad).where(Ad.title == "Polypropylene for nonwovens"))
    assert ad.anonymous and ad.kind == "business_request"
    assert response.location.endswith(f"/ads/{ad.id}")
    invalid = owner.post("/ads/new", data={"organisation_id": parties.owner_org.id,
                                           "kind": "business_request", "title": "",
                                           "body": "", "language": "en"})
    assert invalid.status_code == 422


def test_expressing_interest_through_the_page_waits_on_the_owners_dashboard(
        app, parties, ad):
    db.session.commit()
    sender = signed_in(app, parties.sender)
    page = sender.get(f"/ads/{ad.id}").get_data(as_text=True)
    form_action = f'action="/ads/{ad.id}/interest"'
    assert form_action in page
    assert sender.post(f"/ads/{ad.id}/interest", data={
        "organisation_id": parties.other_org.id, "message": ""}).status_code == 422
    response = sender.post(f"/ads/{ad.id}/interest", data={
        "organisation_id": parties.other_org.id, "message": "We make surgical kits."})
    assert response.status_code == 302 and "/interests/" in response.location
    assert form_action not in sender.get(f"/ads/{ad.id}").get_data(as_text=True)

    owner = signed_in(app, parties.owner)
    dashboard = owner.get("/dashboard").get_data(as_text=True)
    assert (f"Answer the interest of {parties.other_org.name} in “{ad.title}”"
            in dashboard)
    received = owner.get("/interests").get_data(as_text=True)
    assert parties.other_org.name in received and "Accept the interest of" in received


def test_declining_through_the_page(app, parties, ad):
    interest = services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)
    db.session.commit()
    owner = signed_in(app, parties.owner)
    assert owner.post(f"/interests/{interest.id}/decline").status_code == 302
    db.session.refresh(interest)
    assert interest.status == InterestStatus.DECLINED
    again = owner.post(f"/interests/{interest.id}/accept", follow_redirects=True)
    assert "already been answered" in again.get_data(as_text=True)


def test_the_owner_renews_edits_and_withdraws_others_follow(app, parties, ad):
    db.session.commit()
    owner = signed_in(app, parties.owner)
    my_ads = owner.get("/my-ads").get_data(as_text=True)
    assert ad.title in my_ads and "Renew" in my_ads
    assert owner.post(f"/ads/{ad.id}/renew").status_code == 302
    db.session.refresh(ad)
    assert ad.renewed_at is not None
    edit = owner.get(f"/ads/{ad.id}/edit")
    assert edit.status_code == 200
    assert owner.post(f"/ads/{ad.id}/edit", data={
        "version": ad.version, "kind": ad.kind, "title": "Renamed offer", "body": ad.body,
        "language": "en"}).status_code == 302
    db.session.refresh(ad)
    assert ad.title == "Renamed offer"

    sender = signed_in(app, parties.sender)
    assert sender.get(f"/ads/{ad.id}/edit").status_code == 403
    assert sender.post(f"/ads/{ad.id}/renew").status_code == 403
    assert sender.post(f"/ads/{ad.id}/follow").status_code == 302
    assert services.is_following(ad, parties.sender)
    assert sender.post(f"/ads/{ad.id}/unfollow").status_code == 302
    assert not services.is_following(ad, parties.sender)

    assert owner.post(f"/ads/{ad.id}/withdraw").status_code == 302
    db.session.refresh(ad)
    assert ad.status == AdStatus.WITHDRAWN
    assert sender.get(f"/ads/{ad.id}").status_code == 404


def test_pages_of_ones_own_organisation_need_an_organisation(app, parties):
    db.session.commit()
    outsider = signed_in(app, parties.outsider)
    for path in ("/ads/new", "/my-ads", "/interests"):
        assert outsider.get(path).status_code == 403, path
    assert outsider.get("/ads").status_code == 200
    navigation = outsider.get("/dashboard").get_data(as_text=True)
    assert 'href="/ads"' in navigation and 'href="/my-ads"' not in navigation
    member = signed_in(app, parties.owner).get("/dashboard").get_data(as_text=True)
    assert 'href="/my-ads"' in member and 'href="/interests"' in member


def test_my_ads_and_the_interests_reflow_with_a_label_on_every_cell(app, parties, ad):
    services.express_interest(ad.id, parties.other_org.id, "Hello", parties.sender)
    db.session.commit()
    owner = signed_in(app, parties.owner)
    [ads] = assert_reflows(owner.get("/my-ads").get_data(as_text=True))
    assert ads.headings == ["Title", "Organisation", "Kind", "Status", "Runs until", "Actions"]
    [received] = assert_reflows(owner.get("/interests").get_data(as_text=True))
    assert received.headings == ["Ad", "From", "Status", "Answer by", "Actions"]
    [sent] = assert_reflows(signed_in(app, parties.sender).get("/interests").get_data(as_text=True))
    assert len(sent.headings) == 3  # in the sender's language
