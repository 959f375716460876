from django.urls import include, path

from mentoring.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    # the personal register (roadmap 5.1)
    path("municipalities/<int:pk>/register/", views.register, name="register"),
    path("municipalities/<int:pk>/register/take/", views.snapshot_take, name="snapshot_take"),
    path("organizations/<int:pk>/register/", views.organization_register, name="organization_register"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/export/", views.snapshot_export, name="snapshot_export"),
    # target indicators (6.2)
    path("municipalities/<int:pk>/indicators/", views.indicators, name="indicators"),
    path(
        "municipalities/<int:pk>/indicators/<int:indicator>/people/",
        views.indicator_people_view,
        name="indicator_people",
    ),
    path("organizations/<int:pk>/indicators/", views.organization_indicators, name="organization_indicators"),
    path(
        "organizations/<int:pk>/indicators/<int:indicator>/people/",
        views.organization_indicator_people,
        name="organization_indicator_people",
    ),
    path("municipalities/<int:pk>/targets/", views.targets, name="targets"),
    path("municipalities/<int:pk>/contingent/", views.contingent_list, name="contingent_list"),
    path("organizations/<int:pk>/contingent/<int:year>/", views.contingent_edit, name="contingent_edit"),
    # dashboards and reports (the dashboards-and-reports part)
    path("", include("mentoring.monitoring.dashboard_urls")),
]
