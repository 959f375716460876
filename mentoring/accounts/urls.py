from django.urls import path

from mentoring.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.user_list_view, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("<int:pk>/send-link/", views.user_send_setup_link, name="user_send_setup_link"),
    path("<int:pk>/roles/new/", views.membership_add, name="membership_add"),
    path("roles/<int:pk>/end/", views.membership_end, name="membership_end"),
]
