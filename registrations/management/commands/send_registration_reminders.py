from django.core.management.base import BaseCommand

from registrations.retention import remind


class Command(BaseCommand):
    help = "Remind people confirmed for a date that starts within 24 hours, once each (run hourly from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"reminded {remind()} people")
