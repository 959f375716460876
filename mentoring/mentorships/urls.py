from django.urls import path

from mentoring.mentorships import community_views, views

app_name = "mentorships"

urlpatterns = [
    path("", views.mentorship_list_view, name="list"),
    path("new/", views.mentorship_create_view, name="create"),
    path("overview/", views.overview_view, name="overview"),
    path("overview/<int:pk>/settings/", views.settings_save, name="settings"),
    path("my/", views.my_page, name="my"),
    path("my/meetings.ics", views.my_calendar, name="my_calendar"),
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/end/", views.mentorship_end_early, name="end_early"),
    path("<int:pk>/replace-mentor/", views.mentorship_replace_mentor, name="replace_mentor"),
    path("<int:pk>/mentees/new/", views.mentorship_add_mentee, name="add_mentee"),
    path("places/<int:pk>/remove/", views.mentorship_remove_mentee, name="remove_mentee"),
    path("<int:pk>/plan/new/", views.plan_item_add, name="plan_add"),
    path("plan/<int:pk>/edit/", views.plan_item_edit, name="plan_edit"),
    path("plan/<int:pk>/delete/", views.plan_item_delete, name="plan_delete"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/feedback/", views.meeting_feedback, name="feedback"),
    path("<int:pk>/concerns/new/", views.concern_add, name="concern_add"),
    path("concerns/<int:pk>/resolve/", views.concern_resolve, name="concern_resolve"),
    path("<int:pk>/reflection/", views.reflection_save, name="reflection"),
    path("<int:pk>/complete/", views.mentorship_complete, name="complete"),
    path("closing-events/<int:pk>/photo/", views.closing_event_photo, name="closing_photo"),
    path("communities/", community_views.community_list, name="community_list"),
    path("communities/new/", community_views.community_create, name="community_create"),
    path("communities/<int:pk>/", community_views.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", community_views.community_edit, name="community_edit"),
    path("communities/<int:pk>/members/new/", community_views.community_member_add, name="member_add"),
    path("community-members/<int:pk>/remove/", community_views.community_member_remove, name="member_remove"),
    path("communities/<int:pk>/events/new/", community_views.community_event_add, name="event_add"),
    path("community-events/<int:pk>/delete/", community_views.community_event_delete, name="event_delete"),
    path("communities/<int:pk>/materials/new/", community_views.community_material_add, name="material_add"),
    path(
        "community-materials/<int:pk>/delete/",
        community_views.community_material_delete,
        name="material_delete",
    ),
]
