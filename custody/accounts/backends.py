"""Django's ModelBackend, reading a user's roles and permissions in one statement per request.

ModelBackend asks twice (the user's own permissions, then their groups'), and the read-only
check asked a third time for the group names. Every page pays for these, so they are one query.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


def load_grants(user):
    """Set the user's role names and permissions, as ModelBackend caches them, in one query."""
    if hasattr(user, "_role_values"):
        return
    if not user.is_authenticated:
        user._role_values = frozenset()
        return
    by_group = (
        Group.objects.filter(user=user)
        .order_by()
        .values_list("name", "permissions__content_type__app_label", "permissions__codename")
    )
    own = (
        Permission.objects.filter(user=user)
        .order_by()
        .values_list(Value("", output_field=CharField()), "content_type__app_label", "codename")
    )
    roles, perms = set(), set()
    for group, app_label, codename in by_group.union(own, all=True):
        if group:
            roles.add(group)
        if codename:
            perms.add(f"{app_label}.{codename}")
    user._role_values = frozenset(roles)
    if not user.is_superuser:  # a superuser holds every permission, as ModelBackend loads them
        user._perm_cache = perms


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None and not user_obj.is_superuser:
            load_grants(user_obj)
        return super().get_all_permissions(user_obj, obj)
