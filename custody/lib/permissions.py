"""The one permission guard the views share."""

from django.core.exceptions import PermissionDenied


def require(user, *perms):
    """403 unless the user holds at least one of `perms`."""
    if not any(user.has_perm(perm) for perm in perms):
        raise PermissionDenied
