from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organization",)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "patronymic", "email", "is_active", "is_superuser")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("ФИО и контакты", {"fields": ("last_name", "first_name", "patronymic", "email", "phone")}),
        ("Права", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "last_name", "first_name", "email", "password1", "password2"),
            },
        ),
    )
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organization", "role", "is_active", "started_on", "ended_on")
    list_filter = ("role", "is_active")
    search_fields = ("user__last_name", "user__username", "organization__short_name")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("user", "organization")
