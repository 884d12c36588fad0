import importlib
import importlib.util
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo

DEFAULT_DEMO_PASSWORD = "kepu-demo-2026"


def demo_loaders():
    """
    Each project app may have a `demo` module with `load(password)`; they run in
    INSTALLED_APPS order, so home (site, sections, people) comes first.
    """
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        is_project_app = Path(app_config.path).parent == Path(settings.BASE_DIR)
        if is_project_app and importlib.util.find_spec(module_name):
            yield importlib.import_module(module_name).load


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
            for loader in demo_loaders():
                loader(password)
        self.stdout.write(self.style.SUCCESS("演示站点已就绪 / demo site ready"))
        self.stdout.write(
            f"  accounts: admin, approver, duty-expert, clarification-editor, <section>-editor, <section>-moderator\n"
            f"  sections: {', '.join(slug for _kind, slug, *_rest in demo.SECTIONS)}\n"
            f"  password: {password}  (set DEMO_PASSWORD to change)"
        )
