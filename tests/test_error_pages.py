"""The 400, 403, 404 and 500 pages: in the layout, in both languages, with every page's security
headers; a refusal says who may do it; a 404 tells nothing about what exists; the 500 page
renders with the database down."""

import re
from unittest import mock

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.views.defaults import server_error

import custody.urls
from custody.accounts.tests.client import Client
from detainees import services
from detainees.models import EntryKind
from detainees.tests.conftest import person_data, record_data
from tests.test_security_headers import csp


@login_not_required
def broken(request):
    raise OperationalError("the database went away")


# This module is the urlconf of the tests that need a view that fails.
urlpatterns = [path("broken/", broken), *custody.urls.urlpatterns]
handler403 = custody.urls.handler403

LAYOUT = ('class="navbar', 'id="main"', "Every entry is kept as written")
UK_LAYOUT = ('class="navbar', 'id="main"', "Кожен запис")


def in_layout(response, language):
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    for marker in LAYOUT if language == "en" else UK_LAYOUT:
        assert marker in body, marker
    assert 'href="/"' in body  # the way home
    return body


def book(facility, actor):
    return services.book_in(actor=actor, person_data=person_data(), record_data=record_data(facility))


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Your role may not record “Medical examination”. Who records it: Medic."),
        ("uk", "Ваша роль не може вносити запис «Медичний огляд». Його вносить: Медичний працівник."),
    ],
)
def test_a_duty_officer_opening_a_medical_form_is_told_a_medic_records_it(facility, duty_officer, language, said):
    record = book(facility, duty_officer)
    client = Client(headers={"accept-language": language})
    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", kwargs={"pk": record.pk, "kind": EntryKind.MEDICAL_EXAM})
    response = client.get(url, headers={"referer": f"http://testserver{record.get_absolute_url()}"})
    assert response.status_code == 403
    body = in_layout(response, language)
    assert said in body
    assert f'href="http://testserver{record.get_absolute_url()}"' in body  # back where they came from


def test_a_medic_opening_the_release_is_told_who_releases(client, facility, duty_officer, medic):
    record = book(facility, duty_officer)
    client.force_login(medic)
    response = client.get(reverse("detainees:record-release", kwargs={"pk": record.pk}))
    assert response.status_code == 403
    assert "Your role may not release a detainee. Who releases: Duty officer, Facility head." in in_layout(
        response, "en"
    )


def test_a_refusal_without_a_reason_says_the_role_does_not_allow_it_and_no_foreign_back_link(client, medic):
    client.force_login(medic)
    response = client.get(
        reverse("detainees:round", kwargs={"kind": "checks"}), headers={"referer": "https://evil.example/"}
    )
    assert response.status_code == 403
    body = in_layout(response, "en")
    assert "This account’s role does not allow this page or action." in body
    assert "Your account’s role: Medic." in body
    assert "evil.example" not in body


def test_a_form_sent_with_an_expired_token_asks_to_reload_and_send_again(facility, duty_officer):
    record = book(facility, duty_officer)
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "uk"})
    client.force_login(duty_officer)
    response = client.post(reverse("detainees:entry-create", kwargs={"pk": record.pk, "kind": EntryKind.NOTE}), {})
    assert response.status_code == 403
    body = in_layout(response, "uk")
    assert "Форму не прийнято" in body and "Оновіть сторінку й надішліть її знову." in body


def _without_path(response, url):
    body = response.content.decode().replace(url, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_404_is_the_same_for_a_record_that_does_not_exist_and_one_out_of_scope(
    other_facility, duty_officer, other_officer, language
):
    hidden = book(other_facility, other_officer)  # a record the duty officer's scope leaves out
    client = Client(headers={"accept-language": language})
    client.force_login(duty_officer)
    elsewhere = reverse("detainees:record-detail", kwargs={"pk": hidden.pk})
    missing = reverse("detainees:record-detail", kwargs={"pk": hidden.pk + 1000})
    out_of_scope, nowhere = client.get(elsewhere), client.get(missing)
    assert out_of_scope.status_code == nowhere.status_code == 404
    assert _without_path(out_of_scope, elsewhere) == _without_path(nowhere, missing)
    body = in_layout(nowhere, language)
    assert ("Page not found" if language == "en" else "Сторінку не знайдено") in body
    assert "CustodyRecord" not in body


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_bad_request_is_in_the_layout(db, language):
    response = Client(headers={"accept-language": language}).get("/login/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert ("Bad request" if language == "en" else "Неправильний запит") in in_layout(response, language)


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_500_page_renders_with_the_database_down(language):
    # No `db` fixture: any query fails the test, and every cursor raises besides.
    with (
        mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError),
        translation.override(language),
    ):
        response = server_error(RequestFactory().get("/records/"))
    assert response.status_code == 500
    body = in_layout(response, language)
    assert ("Something went wrong on our side" if language == "en" else "Щось пішло не так у нас") in body
    assert "csrfmiddlewaretoken" not in body  # no form that could not be sent


HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control")


@pytest.mark.urls(__name__)
def test_403_404_and_500_carry_the_same_security_headers_as_every_page(facility, duty_officer, medic):
    record = book(facility, duty_officer)
    client = Client()
    client.raise_request_exception = False
    client.force_login(medic)
    page = client.get(reverse("detainees:board"))
    answers = {
        403: client.get(reverse("detainees:record-release", kwargs={"pk": record.pk})),
        404: client.get(reverse("detainees:record-detail", kwargs={"pk": record.pk + 1000})),
        500: client.get("/broken/"),
    }
    for status, response in answers.items():
        assert response.status_code == status
        assert "Custody Records" in response.content.decode(), status
        assert csp(response) == csp(page), status
        assert {h: response[h] for h in HEADERS} == {h: page[h] for h in HEADERS}, status
