from django.contrib import admin

from integrity.admin import SealedAdmin

from .models import Cell, Facility, Region


@admin.register(Region)
class RegionAdmin(SealedAdmin, admin.ModelAdmin):
    search_fields = ["name"]


class CellInline(admin.TabularInline):
    model = Cell
    extra = 0


@admin.register(Facility)
class FacilityAdmin(SealedAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    inlines = [CellInline]

    def has_delete_permission(self, request, obj=None):
        return False  # custody records point at facilities forever


@admin.register(Cell)
class CellAdmin(SealedAdmin, admin.ModelAdmin):
    list_display = ["number", "facility", "capacity", "floor_area_m2", "in_service"]
    list_filter = ["facility", "in_service"]

    def has_delete_permission(self, request, obj=None):
        return False
