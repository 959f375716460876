from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.monitoring.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    """The target indicators are reference data: a superuser edits the names, formulas, thresholds and
    legal basis, and adds a new version (a new «действует с») when a new order changes an indicator.
    Versions with targets set for them are not deleted (PROTECT)."""

    list_display = ("code", "name", "computation", "threshold", "valid_from", "valid_until", "position")
    list_filter = ("computation",)
    search_fields = ("code", "name", "legal_basis")
    ordering = ("position", "code", "-valid_from")
