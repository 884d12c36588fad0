"""Deployment checks (`manage.py check --deploy`) for what the platform itself needs configured."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def notifications_configured(app_configs, **kwargs):
    problems = []
    if not settings.EMAIL_URL:
        problems.append(
            Warning(
                "EMAIL_URL is not set: duty experts are not told of waiting answers and password resets are lost.",
                hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example.org.cn:587/?tls=True",
                id="kepu.W001",
            )
        )
    if settings.WEBHOOK_URLS and len(settings.WEBHOOK_SECRET) < 32:
        problems.append(
            Error(
                "WEBHOOK_URLS is set but WEBHOOK_SECRET is missing or shorter than 32 characters: "
                "receivers could not tell our alerts from forged ones.",
                id="kepu.E001",
            )
        )
    return problems
