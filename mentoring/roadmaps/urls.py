from django.urls import path

from mentoring.roadmaps import views

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list_view, name="list"),
    path("new/", views.roadmap_create, name="create"),
    path("control/", views.control, name="control"),
    path("<int:pk>/", views.roadmap_detail, name="detail"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("checkpoints/<int:pk>/toggle/", views.checkpoint_toggle, name="checkpoint_toggle"),
    path("<int:pk>/submit/", views.roadmap_submit, name="submit"),
    path("<int:pk>/endorse/", views.roadmap_endorse, name="endorse"),
    path("<int:pk>/return/", views.roadmap_return, name="return"),
    path("<int:pk>/approve/", views.roadmap_approve, name="approve"),
    path("<int:pk>/order/", views.order_file, name="order_file"),
    path("<int:pk>/export/<str:fmt>/", views.roadmap_export, name="export"),
]
