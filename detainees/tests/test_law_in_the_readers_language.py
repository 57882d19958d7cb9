"""Norm titles and legal citations speak the reader's language: record page, print and board."""

import pytest
from django.urls import reverse
from django.utils.html import escape

RIGHTS = {
    "en": ("Rights explained", "CPC art. 208 part 4; CAO art. 261"),
    "uk": ("Роз'яснено права", "КПК ст. 208 ч. 4; КУпАП ст. 261"),
}
LEGAL_AID = {
    "en": "CPC art. 213 part 1 (immediately); Law on Free Legal Aid art. 14",
    "uk": "КПК ст. 213 ч. 1 (негайно); Закон України «Про безоплатну правничу допомогу» ст. 14",
}
OTHER = {"en": "uk", "uk": "en"}


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize("page", ["record-detail", "record-print"])
def test_the_record_page_and_the_print_show_a_norms_title_and_citation_in_the_readers_language(
    client, booked, duty_officer, language, page
):
    client.force_login(duty_officer)
    html = client.get(reverse(f"detainees:{page}", args=[booked.pk]), HTTP_ACCEPT_LANGUAGE=language)
    html = html.content.decode()
    title, citation = RIGHTS[language]
    assert escape(title) in html and escape(citation) in html
    other_title, other_citation = RIGHTS[OTHER[language]]
    assert escape(other_title) not in html and escape(other_citation) not in html


@pytest.mark.parametrize("language", ["uk", "en"])
def test_the_boards_tooltip_cites_the_law_in_the_readers_language(client, booked, duty_officer, language):
    client.force_login(duty_officer)
    html = client.get(reverse("detainees:board"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'title="{escape(LEGAL_AID[language])}"' in html
    assert escape(LEGAL_AID[OTHER[language]]) not in html
