from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SecurityEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Scope"), {"fields": ("facilities", "regions")}),
    )
    filter_horizontal = BaseUserAdmin.filter_horizontal + ("facilities", "regions")
    list_filter = BaseUserAdmin.list_filter + ("groups", "facilities", "regions")

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
