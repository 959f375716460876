"""The public portal, mounted at /portal/ (no login; see mentoring.outreach.portal_views)."""

from django.urls import path

from mentoring.outreach import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_index, name="index"),
    path("<slug:code>/", portal_views.portal_home, name="home"),
    path("<slug:code>/news/", portal_views.portal_news_list, name="news"),
    path("<slug:code>/news/<int:pk>/", portal_views.portal_news_detail, name="news_detail"),
    path("<slug:code>/programs/", portal_views.portal_program_list, name="programs"),
    path("<slug:code>/programs/<int:pk>/", portal_views.portal_program, name="program"),
    path("<slug:code>/mentors/", portal_views.portal_mentor_list, name="mentors"),
    path("<slug:code>/contacts/", portal_views.portal_contact_list, name="contacts"),
    path("<slug:code>/logo/", portal_views.portal_logo, name="logo"),
]
