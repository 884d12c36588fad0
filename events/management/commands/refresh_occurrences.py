from django.core.management.base import BaseCommand
from wagtail.models import Page

from events.materialise import is_dated, materialise
from home import content_version


class Command(BaseCommand):
    help = "重新生成所有已发布活动的日期（每天运行一次，让日期窗口随时间前移）。"

    def handle(self, *args, **options):
        total = 0
        for page in Page.objects.live().specific().iterator():
            if is_dated(page):
                total += materialise(page)
        # Dates entered the window and every date was written anew: listings, feeds
        # and API answers kept under the old version (home.content_version) are stale.
        content_version.bump()
        self.stdout.write(f"{total} occurrences")
