"""Administrators keep the norms: new versions are added; versions in force are read-only."""

from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from integrity.admin import SealedAdmin

from .models import Norm, NormProfile


@admin.register(NormProfile)
class NormProfileAdmin(SealedAdmin, admin.ModelAdmin):
    list_display = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Norm)
class NormAdmin(SealedAdmin, admin.ModelAdmin):
    # Few columns, so the list reads at 768 px; the rule and the profile are filters.
    list_display = ["key", "shown_title", "value", "unit", "shown_from", "shown_citation", "new_version"]
    list_filter = ["profile", "rule", "unit"]
    search_fields = ["key", "title", "title_uk", "citation", "citation_uk"]
    ordering = ["profile", "key", "-effective_from"]

    # The list speaks the administrator's language; the form shows both, side by side.
    @admin.display(description=_("title"), ordering="title")
    def shown_title(self, obj):
        return obj.localized_title

    @admin.display(description=_("in force from"), ordering="effective_from")
    def shown_from(self, obj):
        return f"{obj.effective_from:%d.%m.%Y}"

    @admin.display(description=_("legal citation"), ordering="citation")
    def shown_citation(self, obj):
        return obj.localized_citation

    @admin.display(description=_("new version"))
    def new_version(self, obj):
        url = reverse("admin:norms_norm_add") + f"?from={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("add a new version"))

    def get_changeform_initial_data(self, request):
        """`?from=<pk>` starts a new version as a copy of an existing one, minus its date."""
        source = (
            Norm.objects.filter(pk=request.GET.get("from") or 0).first()
            if str(request.GET.get("from", "")).isdecimal()
            else None
        )
        if source is None:
            return super().get_changeform_initial_data(request)
        return model_to_dict(source, exclude=["id", "effective_from"])

    def has_change_permission(self, request, obj=None):
        # A version that has been in force stays as it was: obligations were computed with it.
        if obj is not None and obj.is_in_force:
            return False
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would skip the in-force guard
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is None or obj.is_in_force:
            return False
        return super().has_delete_permission(request, obj)
