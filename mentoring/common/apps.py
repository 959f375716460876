from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CommonConfig(AppConfig):
    verbose_name = "Общее"
    name = "mentoring.common"
    label = "common"

    def ready(self) -> None:
        from mentoring.common import lookups  # noqa: F401  (registers the integer `in` lookup)
        from mentoring.common.sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="mentoring-unicode-like")
