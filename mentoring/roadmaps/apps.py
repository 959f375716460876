from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "mentoring.roadmaps"
    label = "roadmaps"
    verbose_name = "Дорожные карты"
