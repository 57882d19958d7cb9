"""What the viewer may do about an obligation: its entry form, or who must record it."""

from django import template

from custody.lib import access
from detainees.kinds import SPECS

register = template.Library()


@register.simple_tag(takes_context=True)
def may_record_kind(context, kind):
    """May the viewing user open the entry form of this kind (no query: grants are loaded per request)."""
    spec = SPECS.get(kind)
    return bool(spec and spec.manual and access.may_record(context["request"].user, spec))


@register.filter
def recorded_by(kind):
    spec = SPECS.get(kind)
    return spec.recorded_by if spec else ""
