from django.urls import path

from mentoring.library import views

app_name = "library"

urlpatterns = [
    path("", views.material_list_view, name="list"),
    path("new/", views.material_create, name="create"),
    path("<int:pk>/", views.material_detail, name="detail"),
    path("<int:pk>/edit/", views.material_edit, name="edit"),
    path("<int:pk>/delete/", views.material_delete, name="delete"),
    path("<int:pk>/download/", views.material_download, name="download"),
]
