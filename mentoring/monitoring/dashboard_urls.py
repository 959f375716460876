"""Dashboards (issue 9, item 6) and report notes (item 7); included by monitoring/urls.py, so the route
names live in the «monitoring» namespace."""

from django.urls import path

from mentoring.monitoring import dashboard_views, report_views

urlpatterns = [
    path("dashboards/", dashboard_views.dashboard_home, name="dashboard_home"),
    path(
        "municipalities/<int:pk>/dashboard/",
        dashboard_views.municipality_dashboard,
        name="dashboard_municipality",
    ),
    path(
        "organizations/<int:pk>/dashboard/",
        dashboard_views.organization_dashboard,
        name="dashboard_organization",
    ),
    path(
        "municipalities/<int:pk>/reports/<str:kind>/<str:fmt>/",
        report_views.municipality_report,
        name="report_municipality",
    ),
    path(
        "organizations/<int:pk>/reports/<str:kind>/<str:fmt>/",
        report_views.organization_report,
        name="report_organization",
    ),
    path("report-templates/", report_views.template_list, name="report_templates"),
    path("report-templates/<str:kind>/", report_views.template_download, name="report_template_download"),
    path("report-templates/<str:kind>/upload/", report_views.template_upload, name="report_template_upload"),
    path("report-templates/<str:kind>/reset/", report_views.template_reset, name="report_template_reset"),
]
