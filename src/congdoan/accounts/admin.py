from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "granted_at", "revoked_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "locked_until"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("congdoan", {"fields": ["full_name", "phone", "failed_logins", "locked_until"]}),
    ]
    inlines = [RoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["digest", "prefix"]
