from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.surveys.models import PulseSchedule, Question, Questionnaire, SurveyRound, SwotAnalysis


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ["title", "purpose", "audience", "form", "municipality", "organization", "is_active"]
    list_filter = ["purpose", "audience", "is_active"]
    search_fields = ["title", "code"]
    inlines = [QuestionInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(SimpleHistoryAdmin):
    list_display = ["questionnaire", "program", "kind", "opens_on", "closes_on"]
    list_filter = ["kind"]
    raw_id_fields = ["program", "questionnaire", "mentorship", "created_by"]


@admin.register(PulseSchedule)
class PulseScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["program", "first_after_days", "every_days", "answer_within_days", "is_active"]
    raw_id_fields = ["program"]


@admin.register(SwotAnalysis)
class SwotAnalysisAdmin(SimpleHistoryAdmin):
    list_display = ["program", "period_start", "period_end", "author"]
    raw_id_fields = ["program", "author"]
