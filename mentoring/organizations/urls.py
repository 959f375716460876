from django.urls import path

from mentoring.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list_view, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/archive/", views.organization_archive, name="archive"),
    path("<int:pk>/delete/", views.organization_delete, name="delete"),
]
