from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from integrity.admin import SealedAdmin

from .models import SecurityEvent, User

# Second-factor devices change only through the audited pages (accounts/twofactor.py), never
# by editing their secrets here: django-otp's own admin pages are taken away.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(SealedAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Scope"), {"fields": ("facilities", "regions")}))
    filter_horizontal = (*BaseUserAdmin.filter_horizontal, "facilities", "regions")
    list_filter = (*BaseUserAdmin.list_filter, "facilities", "regions")
    list_display = (*BaseUserAdmin.list_display, "second_factor")

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(enrolled))

    @admin.display(boolean=True, description=_("second factor"), ordering="has_second_factor")
    def second_factor(self, obj):
        return obj.has_second_factor

    def has_delete_permission(self, request, obj=None):
        return False  # people who left are deactivated; their entries keep their author


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: security events are evidence."""

    list_display = ("at", "kind", "username", "user", "actor", "ip", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
