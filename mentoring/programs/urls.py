from django.urls import path

from mentoring.programs import form_views, views

app_name = "programs"

urlpatterns = [
    path("", views.program_list_view, name="list"),
    path("new/", views.program_create, name="create"),
    path("shared/", views.shared_programs, name="shared"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/status/", views.program_status, name="status"),
    path("<int:pk>/pairs-formed/", views.program_pairs_formed, name="pairs_formed"),
    path("<int:pk>/share/", views.program_share, name="share"),
    path("<int:pk>/recommend/", views.program_recommend, name="recommend"),
    path("<int:pk>/copy/", views.program_copy, name="copy"),
    path("<int:pk>/delete/", views.program_delete, name="delete"),
    path("<int:pk>/stages/new/", views.stage_add, name="stage_add"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
    path("<int:pk>/files/new/", views.attachment_add, name="attachment_add"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("forms/", form_views.form_list_view, name="form_list"),
    path("forms/new/", form_views.form_create, name="form_create"),
    path("forms/<int:pk>/", form_views.form_detail, name="form_detail"),
    path("forms/<int:pk>/edit/", form_views.form_edit, name="form_edit"),
    path("forms/<int:pk>/delete/", form_views.form_delete, name="form_delete"),
    path("forms/<int:pk>/variants/new/", form_views.variant_add, name="variant_add"),
    path("variants/<int:pk>/delete/", form_views.variant_delete, name="variant_delete"),
    path("forms/<int:pk>/aliases/", form_views.alias_set, name="alias_set"),
]
