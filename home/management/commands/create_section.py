from django.core.management.base import BaseCommand, CommandError

from home.models import SectionPage
from home.sections import editors_group_name, moderators_group_name, setup_section


class Command(BaseCommand):
    help = "创建或补全一个栏目：栏目页、媒体分类、编辑组与审核组、两级审核流程。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=SectionPage.Kind.values)
        parser.add_argument("--name", required=True, help="栏目全称，例如 海淀区科协")
        parser.add_argument("--slug", required=True, help="ASCII 短名称，例如 haidian")
        parser.add_argument("--summary", default="")

    def handle(self, *args, kind, name, slug, summary, **options):
        try:
            section = setup_section(kind=kind, name=name, slug=slug, summary=summary)
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{section.title} ({section.slug}) → {section.url_path}\n"
            f"  groups: {editors_group_name(section)}, {moderators_group_name(section)}"
        )
