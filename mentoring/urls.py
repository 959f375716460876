from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mentoring.accounts.forms import LoginForm
from mentoring.accounts.views import profile, two_factor
from mentoring.api.api import api_urls
from mentoring.common.views import healthz, home

admin.site.site_header = "Наставничество: администрирование"
admin.site.site_title = "Наставничество"

FORM_CARD = "registration/_form_card.html"
MESSAGE_CARD = "registration/_message_card.html"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("profile/", profile, name="profile"),
    path("profile/two-step-login/", two_factor, name="two_factor"),
    path("organizations/", include("mentoring.organizations.urls")),
    path("users/", include("mentoring.accounts.urls")),
    path("people/", include("mentoring.people.urls")),
    path("programs/", include("mentoring.programs.urls")),
    path("documents/", include("mentoring.documents.urls")),
    path("partners/", include("mentoring.partners.urls")),
    path("roadmaps/", include("mentoring.roadmaps.urls")),
    path("library/", include("mentoring.library.urls")),
    path("matching/", include("mentoring.matching.urls")),
    path("mentorships/", include("mentoring.mentorships.urls")),
    path("outreach/", include("mentoring.outreach.urls")),
    path("portal/", include("mentoring.outreach.portal_urls")),
    path("surveys/", include("mentoring.surveys.urls")),
    path("monitoring/", include("mentoring.monitoring.urls")),
    path("api/", include("mentoring.api.urls")),
    path("api/v1/", api_urls()),
    path("navigator/", include("mentoring.integrations.navigator.urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name=FORM_CARD,
            extra_context={"card_title": "Смена пароля", "submit_label": "Сменить пароль"},
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=MESSAGE_CARD,
            extra_context={"card_title": "Пароль изменён", "card_text": "Ваш пароль изменён."},
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=FORM_CARD,
            email_template_name="registration/password_reset_email.txt",
            extra_context={
                "card_title": "Восстановление пароля",
                "card_intro": "Укажите e-mail, который вы сообщили организации. "
                "Мы отправим на него ссылку для установки нового пароля.",
                "submit_label": "Отправить ссылку",
            },
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=MESSAGE_CARD,
            extra_context={
                "card_title": "Ссылка отправлена",
                "card_text": "Если пользователь с таким e-mail есть, на него отправлена ссылка для установки "
                "пароля. Проверьте почту, в том числе папку «Спам».",
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=FORM_CARD,
            extra_context={"card_title": "Новый пароль", "submit_label": "Сохранить пароль"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=MESSAGE_CARD,
            extra_context={
                "card_title": "Пароль установлен",
                "card_text": "Пароль установлен. Теперь можно войти.",
            },
        ),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
]
