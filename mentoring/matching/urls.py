from django.urls import path

from mentoring.matching import views

app_name = "matching"

urlpatterns = [
    path("programs/<int:pk>/", views.program_matching, name="program"),
    path("programs/<int:pk>/run/", views.run_start, name="start"),
    path("programs/<int:pk>/settings/", views.matching_settings, name="settings"),
    path("programs/<int:pk>/wishes/", views.wishes, name="wishes"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="progress"),
    path("runs/<int:pk>/lock/", views.pair_lock, name="lock"),
    path("runs/<int:pk>/exclude/", views.pair_exclude, name="exclude"),
    path("runs/<int:pk>/move/<int:mentee_pk>/", views.mentee_move, name="move"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="confirm"),
    path("runs/<int:pk>/discard/", views.run_discard, name="discard"),
    path("rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
]
