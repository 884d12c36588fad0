import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo

DEFAULT_DEMO_PASSWORD = "kepu-demo-2026"


class Command(BaseCommand):
    help = "建立中文演示站点（可重复运行，不会重复创建）。DEBUG 关闭时需要 --force。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="在 DEBUG 关闭（生产设置）时也运行")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with a known password; it refuses to run "
                "with DEBUG off. Use --force if this really is a demo deployment."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            demo.load(password)
        self.stdout.write(self.style.SUCCESS("演示站点已就绪 / demo site ready"))
        self.stdout.write(
            f"  accounts: admin, approver, duty-expert, <section>-editor, <section>-moderator\n"
            f"  sections: {', '.join(slug for _kind, slug, *_rest in demo.SECTIONS)}\n"
            f"  password: {password}  (set DEMO_PASSWORD to change)"
        )
