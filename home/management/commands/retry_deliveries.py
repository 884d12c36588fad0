from django.core.management.base import BaseCommand

from home.deliveries import retry_due


class Command(BaseCommand):
    help = "Queue every webhook and CDN purge whose next attempt is due (after the task worker was down)."

    def handle(self, *args, **options):
        count = retry_due()
        self.stdout.write(f"{count} delivery(ies) queued")
