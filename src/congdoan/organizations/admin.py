from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OrgChange, OrgChangePart, Province, Unit, UnitKind


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "holds_members"]
    filter_horizontal = ["allowed_parents"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    """Read-mostly: tree changes go through the organisation pages and their services."""

    list_display = ["code", "name", "kind", "province", "status"]
    list_filter = ["kind", "status", "province"]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = [
        "path",
        "depth",
        "numchild",
        "parent",
        "code",
        "kind",
        "status",
        "closed_on",
        "successor",
        "version",
    ]
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "province",
        "sector",
        "workers",
        "founded_on",
        "status",
        "closed_on",
        "successor",
        "version",
        "path",
        "depth",
        "numchild",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrgChangePartInline(admin.TabularInline):
    model = OrgChangePart
    extra = 0
    readonly_fields = ["unit", "role"]


@admin.register(OrgChange)
class OrgChangeAdmin(admin.ModelAdmin):
    list_display = ["kind", "decision_number", "effective_date", "actor", "created_at"]
    list_filter = ["kind"]
    inlines = [OrgChangePartInline]

    def has_delete_permission(self, request, obj=None):
        return False
