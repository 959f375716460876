from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.partners.models import Agreement


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("number", "signed_on", "organization", "partner", "valid_from", "valid_until")
    list_filter = ("organization__municipality",)
    search_fields = ("number", "subject")
    list_select_related = ("organization", "partner")
    raw_id_fields = ("organization", "partner", "created_by", "mentors")
    readonly_fields = ("file_name", "file_size", "file_kind", "created_at", "updated_at")
