from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.organizations.models import Municipality, Organization


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "region")
    search_fields = ("name", "code")


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "kind", "code", "municipality", "is_archived")
    list_filter = ("kind", "is_archived", "municipality")
    search_fields = ("short_name", "full_name", "code", "inn")
    list_select_related = ("municipality",)
