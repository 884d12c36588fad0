from django.conf import settings
from django.core.management.base import BaseCommand

from registrations.retention import purge


class Command(BaseCommand):
    help = (
        "Delete sign-ups' personal data REGISTRATION_RETENTION_DAYS after their date (run daily from cron)."
    )

    def handle(self, *args, **options):
        removed = purge()
        self.stdout.write(
            f"deleted {removed} registrations older than {settings.REGISTRATION_RETENTION_DAYS} days"
        )
