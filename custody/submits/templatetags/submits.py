"""`{% submit_token %}`: a fresh one-time token for the small forms of a list page (one each)."""

from django import template

from ..once import hidden_input

register = template.Library()


@register.simple_tag
def submit_token():
    return hidden_input()
