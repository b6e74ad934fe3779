"""Errors: a page in the reader's language, the JSON envelope of API.md for the API."""



def test_an_unknown_page_is_a_404_page_in_english_and_russian(client):
    english = client.get("/no-such-page", headers={"Accept-Language": "en"})
    russian = client.get("/no-such-page", headers={"Accept-Language": "ru"})
    assert english.status_code == russian.status_code == 404
    assert b"There is nothing here." in english.data
    assert '<html lang="ru">' in russian.get_data(as_text=True)
    assert b"There is nothing here." not in russian.data


def test_an_unknown_api_path_is_a_404_envelope(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "not_found", "message": "There is nothing here."}}


def test_a_wrong_method_is_a_405_with_allow(client):
    response = client.post("/api/v1/states")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_an_api_call_without_a_token_is_401_never_a_redirect(client, app):
    protected = [rule for rule in app.url_map.iter_rules()
                 if getattr(app.view_functions[rule.endpoint], "token_required", False)]
    for rule in protected:
        _domain, path = rule.build({name: 1 for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 401, f"{method} {path}"
            assert response.get_json()["error"]["code"] == "unauthorized"
