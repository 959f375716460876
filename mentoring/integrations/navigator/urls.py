from django.urls import path

from mentoring.integrations.navigator import views

app_name = "navigator"

urlpatterns = [
    path("", views.exchange, name="exchange"),
    path("export/<int:pk>/<str:fmt>/", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/apply/", views.import_apply, name="import_apply"),
]
