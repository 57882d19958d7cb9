"""Every norm carries its title and legal citation in Ukrainian and English; pages show the reader's."""

from django.urls import reverse
from django.utils import translation

from custody.norms.models import Norm


def test_every_norm_after_the_migrations_has_its_title_and_citation_in_both_languages(db):
    norms = list(Norm.objects.all())
    assert norms
    missing = [
        (norm.key, str(norm.effective_from), name)
        for norm in norms
        for name in ("title", "title_uk", "citation", "citation_uk")
        if not getattr(norm, name).strip()
    ]
    assert missing == []


def test_the_ukrainian_text_of_a_seeded_norm_is_ukrainian_legal_vocabulary(db):
    norm = Norm.objects.filter(key="limit-72h").earliest("effective_from")
    assert norm.citation == "CPC art. 211 part 2; Constitution art. 29"
    assert norm.citation_uk == "КПК ст. 211 ч. 2; Конституція України ст. 29"
    assert norm.title_uk == "Граничний строк затримання без ухвали слідчого судді, суду"


def test_a_norm_reads_in_the_language_in_use_and_falls_back_to_the_other_when_one_is_empty():
    norm = Norm(title="Rights explained", title_uk="Роз'яснено права", citation="CAO art. 261", citation_uk="")
    with translation.override("uk"):
        assert (norm.localized_title, norm.localized_citation) == ("Роз'яснено права", "CAO art. 261")
    with translation.override("en"):
        assert (norm.localized_title, norm.localized_citation) == ("Rights explained", "CAO art. 261")


def new_norm_form(**overrides):
    return {
        "profile": Norm.objects.get(key="rights").profile_id,
        "key": "test-norm",
        "title": "Test norm",
        "title_uk": "Тестова норма",
        "rule": "deadline",
        "value": "1",
        "unit": "hours",
        "anchor": "detained_at",
        "group": "",
        "applies_to": "{}",
        "met_by": '{"kinds": ["rights"]}',
        "trigger": "{}",
        "citation": "Test art. 1",
        "citation_uk": "Тест ст. 1",
        "effective_from": "2099-12-31",
        **overrides,
    }


def test_the_admin_refuses_a_new_norm_without_its_ukrainian_title_or_citation_in_the_users_language(
    client, administrator
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:norms_norm_add"), new_norm_form(title_uk="", citation_uk=""), HTTP_ACCEPT_LANGUAGE="uk"
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"title_uk", "citation_uk"}
    assert errors["title_uk"] == ["Це поле обов'язкове."]
    assert not Norm.objects.filter(key="test-norm").exists()


def test_the_admin_adds_a_norm_that_carries_both_languages(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("admin:norms_norm_add"), new_norm_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    norm = Norm.objects.get(key="test-norm")
    assert (norm.title_uk, norm.citation_uk) == ("Тестова норма", "Тест ст. 1")


def test_the_admin_list_shows_titles_in_the_administrators_language_and_searches_both(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:norms_norm_changelist")
    ukrainian = client.get(url, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Роз&#x27;яснено права" in ukrainian and "КУпАП ст. 261" in ukrainian
    assert "CAO art. 261" not in ukrainian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rights explained" in english and "КУпАП ст. 261" not in english
    found = client.get(url, {"q": "Конституція"}, HTTP_ACCEPT_LANGUAGE="en").context["cl"].result_list
    assert {norm.key for norm in found} == {"limit-72h"}
