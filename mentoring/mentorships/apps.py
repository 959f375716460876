from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentoring.mentorships"
    label = "mentorships"
    verbose_name = "Наставнические пары и группы"
