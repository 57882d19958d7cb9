"""Templates ask the access layer (`may.<question>`), the same answers the views act on."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from custody.accounts.context_processors import May


def render(source, user):
    return Template(source).render(Context({"may": May(user)}))


def test_a_template_shows_what_the_access_layer_allows(inspector, monitor):
    source = "{% if may.review %}review{% endif %}{% if may.see_grants %}grants{% endif %}"
    assert render(source, inspector) == "review"
    assert render(source, monitor) == "grants"


def test_an_unknown_question_fails_loudly_instead_of_reading_as_no(inspector):
    with pytest.raises(ImproperlyConfigured):
        render("{% if may.reveiw %}review{% endif %}", inspector)


def test_no_template_asks_django_permissions_directly():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[3] / "templates"
    asking = [str(p.relative_to(templates)) for p in templates.rglob("*.html") if "perms." in p.read_text()]
    assert asking == []
