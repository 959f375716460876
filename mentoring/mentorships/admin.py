"""The admin shows pairs and groups read-only: their places and the mentors' counters change only
through services (which keep the capacity and one-place-per-program rules); communities and the
organizations' settings may be fixed here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from mentoring.mentorships.models import (
    Community,
    CommunityMember,
    Concern,
    Meeting,
    Mentorship,
    MentorshipMentee,
    WorkSettings,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlaceInline(ReadOnlyMixin, admin.TabularInline):
    model = MentorshipMentee
    fields = ("mentee", "joined_on", "left_on", "is_active")
    extra = 0


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("id", "organization", "program", "mentor", "status", "started_on", "ended_on")
    list_filter = ("status", "organization")
    list_select_related = ("organization", "program", "mentor__person")
    inlines = [PlaceInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("id", "mentorship", "kind", "status", "starts_at", "entered_by_staff")
    list_filter = ("kind", "status")
    list_select_related = ("mentorship__mentor__person",)


@admin.register(Concern)
class ConcernAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("id", "mentorship", "kind", "is_resolved", "created_at")
    list_filter = ("kind", "is_resolved")


class MemberInline(admin.TabularInline):
    model = CommunityMember
    raw_id_fields = ("person",)
    extra = 0


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "organization", "is_active")
    list_filter = ("is_active", "municipality")
    raw_id_fields = ("organization", "created_by")
    inlines = [MemberInline]


@admin.register(WorkSettings)
class WorkSettingsAdmin(admin.ModelAdmin):
    list_display = ("organization", "feedback_reminder_days", "quiet_days")
    raw_id_fields = ("organization",)
