"""`{% person_name record %}`: the detainee's name, or their pseudonym for whoever may not see it."""

from django import template

from custody.lib import access
from oversight.readlog.identity import redact_text, viewer

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context, record):
    return viewer(context["request"].user).name(record)


@register.simple_tag(takes_context=True)
def person_age_band(context, record):
    return viewer(context["request"].user).age(record)


@register.simple_tag(takes_context=True)
def redacted(context, text, record):
    """Free text about a record, with the detainee's identifiers masked for whoever may not see them."""
    if record is None or access.may_see_name(context["request"].user, record):
        return text
    return redact_text(text, record.person)


@register.filter
def path_only(path):
    """A logged path without its query string (which may carry a searched name)."""
    return (path or "").split("?", 1)[0]
