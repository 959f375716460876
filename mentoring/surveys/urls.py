from django.urls import path

from mentoring.surveys import round_views, views

app_name = "surveys"

urlpatterns = [
    # the questionnaire builder
    path("questionnaires/", views.questionnaire_list_view, name="questionnaire_list"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<int:pk>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
    path("questionnaires/<int:pk>/preview/", views.questionnaire_preview, name="questionnaire_preview"),
    path("questionnaires/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    # the participant
    path("mine/", views.my_surveys, name="mine"),
    path("invitations/<int:pk>/answer/", views.answer, name="answer"),
    # rounds of a program
    path("programs/", round_views.program_list, name="program_list"),
    path("programs/<int:pk>/", round_views.program_surveys, name="program"),
    path("programs/<int:pk>/rounds/new/", round_views.round_create, name="round_create"),
    path("programs/<int:pk>/pulse/", round_views.pulse_schedule, name="pulse_schedule"),
    path("programs/<int:pk>/swot/new/", round_views.swot_create, name="swot_create"),
    path("programs/<int:pk>/growth/", round_views.program_growth, name="program_growth"),
    path("organizations/<int:pk>/growth/", round_views.organization_growth, name="organization_growth"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round_detail"),
    path("invitations/<int:pk>/paper/", round_views.paper_answer, name="paper_answer"),
    path("swot/", round_views.swot_list_view, name="swot_list"),
    path("swot/<int:pk>/", round_views.swot_detail, name="swot_detail"),
    path("swot/<int:pk>/edit/", round_views.swot_edit, name="swot_edit"),
]
