from django.core.management.base import BaseCommand, CommandError

from home.sections import add_person, find_section


class Command(BaseCommand):
    help = "把一个用户加入栏目的编辑组（或用 --moderator 加入审核组）；用户不存在时创建并打印初始密码。"

    def add_arguments(self, parser):
        parser.add_argument("section_slug")
        parser.add_argument("username")
        parser.add_argument("--moderator", action="store_true")

    def handle(self, *args, section_slug, username, moderator, **options):
        try:
            section = find_section(section_slug)
        except LookupError as error:
            raise CommandError(str(error)) from error
        user, password = add_person(section, username, moderator=moderator)
        role = "moderator" if moderator else "editor"
        self.stdout.write(f"{user.username} is now a {role} of {section.title}")
        if password:
            self.stdout.write(f"  initial password: {password}")
