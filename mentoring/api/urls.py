from django.urls import path

from mentoring.api import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("v1/docs/", views.docs, name="docs"),
]
