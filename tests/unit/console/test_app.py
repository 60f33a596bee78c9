import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.app import app
from knowledge.db import open_session
from knowledge.models import ServiceListing


@pytest.fixture
def client(monkeypatch, fresh_db_url):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    return TestClient(app)


def test_health(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_public_page_filters_by_municipality_and_topic(client):
    page = client.get("/", params={"lang": "fi", "municipality": "564", "topic": "language_courses"})
    assert page.status_code == 200
    assert "Monikulttuurinen keskus Villa Victor" in page.text
    assert "Welcome Office" not in page.text
    assert '<html lang="fi" dir="ltr">' in page.text


def test_arabic_and_persian_pages_are_right_to_left(client):
    assert '<html lang="ar" dir="rtl">' in client.get("/", params={"lang": "ar"}).text
    assert '<html lang="fa" dir="rtl">' in client.get("/", params={"lang": "fa"}).text


def test_interface_language_and_listing_text_follow_lang(client):
    page = client.get("/", params={"lang": "sv", "municipality": "905"})
    assert "Lokala tjänster" in page.text and "Vasa" in page.text


def test_no_match_says_so_and_offers_a_wider_search(client):
    page = client.get("/", params={"lang": "en", "municipality": "564", "topic": "tax", "q": "zzz"})
    assert page.status_code == 200
    assert "No services match these choices." in page.text and "0 services" not in page.text
    assert "Try a wider search:" in page.text
    assert 'href="/?lang=en&amp;q=zzz&amp;topic=tax">all municipalities<' in page.text
    assert 'href="/?lang=en&amp;municipality=564&amp;q=zzz">all topics<' in page.text
    assert 'href="/?lang=en&amp;municipality=564&amp;topic=tax">without the search words<' in page.text


def test_a_language_of_service_filter_says_what_it_leaves_out(client):
    page = client.get("/", params={"lang": "en", "municipality": "564", "language": "so"}).text
    assert "do not say which languages they serve in are not shown" in page
    assert 'href="/?lang=en&amp;municipality=564">Show them too<' in page


def test_the_directory_finds_finnish_courses_typed_in_any_order(client):
    page = client.get("/", params={"lang": "fi", "municipality": "564", "q": "suomen kielen kurssi"}).text
    assert "Monikulttuurinen keskus Villa Victor" in page


def test_bad_filters_get_a_4xx_not_a_crash(client):
    assert client.get("/", params={"municipality": "x" * 50}).status_code == 422
    assert client.get("/", params={"lang": "klingon"}).status_code == 200


def test_listing_text_is_escaped(client, fresh_db_url):
    with open_session(fresh_db_url) as session, session.begin():
        listing = session.scalars(select(ServiceListing).where(ServiceListing.key == "oulu_villa_victor")).one()
        listing.translations[0].name = "<script>alert('x')</script>"
        for translation in listing.translations:
            translation.name = "<script>alert('x')</script>"
    page = client.get("/", params={"municipality": "564"})
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_public_page_searches_by_words_and_target_group(client):
    found = client.get("/", params={"lang": "en", "q": "international house", "municipality": "564"}).text
    assert "International House Oulu" in found
    nothing = client.get("/", params={"lang": "en", "q": "international house", "target_group": "seniors"}).text
    assert "International House Oulu" not in nothing
    assert 'name="q" value="international house"' in found


def test_results_come_a_page_at_a_time(client):
    import re

    first = client.get("/", params={"lang": "en"}).text
    names = re.findall(r"<h2>(.*?)</h2>", first)
    assert len(names) == 20
    following = re.search(r'href="(/\?[^"]*page=2)" rel="next">Next page<', first)
    assert following, "a full page links to the next one"
    second = client.get(following.group(1).replace("&amp;", "&")).text
    assert set(re.findall(r"<h2>(.*?)</h2>", second)).isdisjoint(names)
    assert 'rel="prev">Previous page<' in second
    assert client.get("/", params={"page": 0}).status_code == 422


def test_the_api_documents_the_fields_each_route_answers_with():
    """/docs tells an integrator what comes back: every JSON route of the API names its fields (the
    export is a file)."""
    schema = TestClient(app).get("/openapi.json").json()
    models = schema["components"]["schemas"]
    undocumented = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/") or path.startswith("/api/export/"):
            continue
        for method, operation in operations.items():
            success = next(code for code in operation["responses"] if code.startswith("2"))
            if success == "204":
                continue  # no content: nothing to name
            body = operation["responses"][success]["content"]["application/json"]["schema"]
            body = body.get("items", body)
            named = models[body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
            if not named.get("properties"):
                undocumented.append(f"{method.upper()} {path}")
    assert not undocumented
