"""The reference endpoints of API.md, in both languages."""


def test_states_carry_names_in_the_requested_language_and_currency(client):
    english = client.get("/api/v1/states", headers={"Accept-Language": "en"}).get_json()
    russian = client.get("/api/v1/states", headers={"Accept-Language": "ru"}).get_json()
    assert {"code": "KZ", "name": "Kazakhstan", "currency": "KZT"} in english["items"]
    assert {"code": "KZ", "name": "Казахстан", "currency": "KZT"} in russian["items"]
    assert english["total"] == 5


def test_regions_of_one_state_are_paginated(client):
    body = client.get("/api/v1/regions?state=KZ&per_page=5&page=2",
                      headers={"Accept-Language": "ru"}).get_json()
    assert body["total"] == 20
    assert body["page"] == 2 and body["per_page"] == 5
    assert len(body["items"]) == 5
    assert all(item["state"] == "KZ" for item in body["items"])


def test_all_130_regions_are_known(client):
    assert client.get("/api/v1/regions").get_json()["total"] == 130


def test_per_page_is_capped_at_100(client):
    body = client.get("/api/v1/regions?per_page=500").get_json()
    assert body["per_page"] == 100 and len(body["items"]) == 100


def test_malformed_page_is_a_400_with_the_field(client):
    response = client.get("/api/v1/regions?page=zero", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request"
    assert "page" in error["fields"]


def test_classify_returns_the_contract_shape(client):
    response = client.get("/api/v1/classify?region=RU-ORE&region=KZ-27")
    assert response.status_code == 200
    assert response.get_json() == {"classification": "cross_border",
                                    "border_pairs": [["KZ-27", "RU-ORE"]],
                                    "states": ["KZ", "RU"]}


def test_classify_accepts_the_former_kazakh_letter_codes(client):
    body = client.get("/api/v1/classify?region=KZ-PAV&region=RU-ALT").get_json()
    assert body["classification"] == "cross_border"
    assert body["border_pairs"] == [["KZ-55", "RU-ALT"]]


def test_unknown_region_is_a_422_in_the_callers_language(client):
    english = client.get("/api/v1/classify?region=RU-XXX", headers={"Accept-Language": "en"})
    russian = client.get("/api/v1/classify?region=RU-XXX", headers={"Accept-Language": "ru"})
    assert english.status_code == russian.status_code == 422
    assert english.get_json()["error"]["message"] == "Unknown region code: RU-XXX"
    assert russian.get_json()["error"]["message"].startswith("Неизвестный код региона")
    assert "region" in russian.get_json()["error"]["fields"]
