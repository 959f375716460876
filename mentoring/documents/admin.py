from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.documents.models import Document, IncentiveScheme


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "number", "date", "kind", "status", "organization")
    list_filter = ("status", "kind", "organization__municipality")
    search_fields = ("number", "title")
    list_select_related = ("organization", "kind")
    raw_id_fields = ("organization", "created_by", "people", "roadmap_items")
    readonly_fields = ("file_name", "file_size", "file_kind", "created_at", "updated_at")


@admin.register(IncentiveScheme)
class IncentiveSchemeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organization", "adopted_on")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "document")
