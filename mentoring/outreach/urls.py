from django.urls import path

from mentoring.outreach import (
    award_views,
    campaign_views,
    contest_views,
    hours_views,
    letter_views,
    portal_admin_views,
    training_views,
    views,
)

app_name = "outreach"

urlpatterns = [
    path("", views.home, name="overview"),
    # information letters (roadmap 2.1)
    path("letters/", letter_views.letter_list, name="letter_list"),
    path("letters/new/", letter_views.letter_create, name="letter_create"),
    path("letters/<int:pk>/", letter_views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/edit/", letter_views.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/send/", letter_views.letter_send, name="letter_send"),
    path("letters/<int:pk>/delete/", letter_views.letter_delete, name="letter_delete"),
    path("letters/<int:pk>/read/", letter_views.letter_mark_read, name="letter_mark_read"),
    path("letters/<int:pk>/attachments/", letter_views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", letter_views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", letter_views.attachment_delete, name="attachment_delete"),
    # information campaign (roadmap 2.6, 2.7, 3.1)
    path("campaign/", campaign_views.campaign, name="campaign"),
    path("campaign/export/", campaign_views.campaign_export, name="campaign_export"),
    path("campaign/new/", campaign_views.entry_create, name="campaign_entry_create"),
    path("campaign/<int:pk>/edit/", campaign_views.entry_edit, name="campaign_entry_edit"),
    path("campaign/<int:pk>/delete/", campaign_views.entry_delete, name="campaign_entry_delete"),
    path("campaign/<int:pk>/photo/", campaign_views.entry_photo, name="campaign_entry_photo"),
    path("resources/", campaign_views.resource_list_view, name="resource_list"),
    path("resources/new/", campaign_views.resource_create, name="resource_create"),
    path("resources/<int:pk>/edit/", campaign_views.resource_edit, name="resource_edit"),
    # the portal as the department keeps it (the public pages are in portal_urls)
    path("portal/<int:pk>/settings/", portal_admin_views.portal_settings, name="portal_settings"),
    path("portal/news/", portal_admin_views.news_list, name="news_list"),
    path("portal/news/new/", portal_admin_views.news_create, name="news_create"),
    path("portal/news/<int:pk>/edit/", portal_admin_views.news_edit, name="news_edit"),
    path("portal/news/<int:pk>/delete/", portal_admin_views.news_delete, name="news_delete"),
    path("portal/my-contact/", portal_admin_views.my_contact, name="my_contact"),
    path("portal/contacts/<int:pk>/remove/", portal_admin_views.contact_remove, name="contact_remove"),
    # training of mentors and curators (section 3)
    path("trainings/", training_views.training_list_view, name="training_list"),
    path("trainings/new/", training_views.training_create, name="training_create"),
    path("trainings/<int:pk>/", training_views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/edit/", training_views.training_edit, name="training_edit"),
    path("trainings/<int:pk>/enrol/", training_views.training_enrol, name="training_enrol"),
    path("enrolments/<int:pk>/complete/", training_views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<int:pk>/drop/", training_views.enrolment_drop, name="enrolment_drop"),
    path(
        "enrolments/<int:pk>/certificate/", training_views.enrolment_certificate, name="enrolment_certificate"
    ),
    # contests (roadmap 3.3)
    path("contests/", contest_views.contest_list_view, name="contest_list"),
    path("contests/new/", contest_views.contest_create, name="contest_create"),
    path("contests/<int:pk>/", contest_views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/edit/", contest_views.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/entries/new/", contest_views.entry_create, name="entry_create"),
    path("entries/<int:pk>/result/", contest_views.entry_result, name="entry_result"),
    path("entries/<int:pk>/delete/", contest_views.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/file/", contest_views.entry_file, name="entry_file"),
    # incentives and recognition (roadmap 1.6)
    path("awards/", award_views.award_list_view, name="award_list"),
    path("awards/export/", award_views.award_export, name="award_export"),
    path("awards/new/", award_views.award_create, name="award_create"),
    path("awards/<int:pk>/delete/", award_views.award_delete, name="award_delete"),
    path("awards/<int:pk>/file/", award_views.award_file, name="award_file"),
    path("events/", award_views.event_list, name="event_list"),
    path("events/new/", award_views.event_create, name="event_create"),
    path("events/<int:pk>/edit/", award_views.event_edit, name="event_edit"),
    # mentoring hours for incentive payments and attestation (issue 8, item 7)
    path("hours/<int:pk>/", hours_views.organization_hours, name="hours"),
    path("hours/<int:pk>/export/", hours_views.organization_hours_export, name="hours_export"),
    path(
        "hours/mentors/<int:pk>/certificate/", hours_views.mentor_hours_certificate, name="hours_certificate"
    ),
]
