from django.urls import path

from mentoring.documents import views

app_name = "documents"

urlpatterns = [
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/<int:pk>/toggle/", views.kind_toggle, name="kind_toggle"),
]
