from django.urls import path

from mentoring.documents import generation_views, incentive_views, registry_views, views

app_name = "documents"

urlpatterns = [
    path("", registry_views.document_list_view, name="list"),
    path("new/", registry_views.document_create, name="create"),
    path("<int:pk>/", registry_views.document_detail, name="detail"),
    path("<int:pk>/edit/", registry_views.document_edit, name="edit"),
    path("<int:pk>/delete/", registry_views.document_delete, name="delete"),
    path("<int:pk>/download/", registry_views.document_download, name="download"),
    path("<int:pk>/roadmap-items/", registry_views.document_link_item, name="link_item"),
    path(
        "<int:pk>/roadmap-items/<int:item_pk>/unlink/",
        registry_views.document_unlink_item,
        name="unlink_item",
    ),
    path("incentives/", incentive_views.incentive_list, name="incentives"),
    path("incentives/<int:organization_pk>/", incentive_views.incentive_detail, name="incentive_detail"),
    path("incentives/<int:organization_pk>/edit/", incentive_views.incentive_edit, name="incentive_edit"),
    path("organizations/<int:pk>/drafts/", generation_views.generate_menu, name="generate_menu"),
    path("organizations/<int:pk>/drafts/<str:kind>/", generation_views.generate_document, name="generate"),
    path("templates/", generation_views.template_list, name="templates"),
    path("templates/<str:kind>/", generation_views.template_download, name="template_download"),
    path("templates/<str:kind>/upload/", generation_views.template_upload, name="template_upload"),
    path("templates/<str:kind>/reset/", generation_views.template_reset, name="template_reset"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/<int:pk>/toggle/", views.kind_toggle, name="kind_toggle"),
]
