"""`{% person_name record %}`: the detainee's name, or their pseudonym for whoever may not see it."""

from django import template

from oversight.identity import viewer

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context, record):
    return viewer(context["request"].user).name(record)


@register.simple_tag(takes_context=True)
def person_age_band(context, record):
    return viewer(context["request"].user).age(record)
