from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.library.models import Material


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "audience", "visibility", "organization", "municipality", "created_at")
    list_filter = ("kind", "audience", "visibility", "municipality")
    search_fields = ("title", "tags")
    list_select_related = ("organization", "municipality")
    raw_id_fields = ("uploaded_by", "organization")
    readonly_fields = ("file_name", "file_size", "file_kind", "created_at", "updated_at")
