from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "把 backup_site 的备份恢复到一个空数据库（DATABASE_URL）和 MEDIA_ROOT，并核对数量。"
        " Restore a backup into an empty database and check it."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            found = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"恢复完成 / restored: {found}"))
