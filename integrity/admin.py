"""Administrators' changes to national objects are sealed into the national log."""

from .log import sealed


class SealedAdmin:
    """Mixin for a ModelAdmin: every POST (add, change, bulk action, delete) is one sealed write."""

    def _sealed(self, view, request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with sealed(actor=request.user):
            return view(request, *args, **kwargs)

    def changeform_view(self, request, *args, **kwargs):
        return self._sealed(super().changeform_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._sealed(super().changelist_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._sealed(super().delete_view, request, *args, **kwargs)
