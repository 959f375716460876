from django.urls import path

from mentoring.people import exchange_views, registry_views, retention_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/archive/", views.person_archive, name="archive"),
    path("<int:pk>/anonymise/", retention_views.anonymise, name="anonymise"),
    path("retention/", retention_views.retention, name="retention"),
    path("<int:pk>/subject-data.zip", views.person_subject_export, name="subject_export"),
    path("<int:pk>/mentee/", views.mentee_profile_edit, name="mentee_profile"),
    path("<int:pk>/mentor/", views.mentor_profile_edit, name="mentor_profile"),
    path("<int:pk>/requests/new/", views.mentee_request_add, name="request_add"),
    path("requests/<int:pk>/toggle/", views.mentee_request_toggle, name="request_toggle"),
    path("<int:pk>/competencies/new/", views.mentor_competency_add, name="competency_add"),
    path("competencies/<int:pk>/remove/", views.mentor_competency_remove, name="competency_remove"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/document/", views.consent_document, name="consent_document"),
    path("import/", exchange_views.import_upload, name="import"),
    path("import/<str:token>/confirm/", exchange_views.import_confirm, name="import_confirm"),
    path("import/template.xlsx", exchange_views.import_template, name="import_template"),
    path("export.xlsx", exchange_views.export_xlsx, name="export"),
    path("access-log/", registry_views.access_log, name="access_log"),
    path("rollover/", registry_views.rollover, name="rollover"),
    path("catalogue/", registry_views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/toggle/", registry_views.catalogue_toggle, name="catalogue_toggle"),
]
