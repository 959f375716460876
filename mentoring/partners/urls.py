from django.urls import path

from mentoring.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list_view, name="list"),
    path("export/", views.partner_export, name="export"),
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/delete/", views.agreement_delete, name="agreement_delete"),
    path("agreements/<int:pk>/download/", views.agreement_download, name="agreement_download"),
]
