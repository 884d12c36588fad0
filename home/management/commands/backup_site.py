from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和上传的媒体文件到一个新文件夹，附清单（数量与校验和）。Back up the database and media."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="an empty or new folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"备份完成 / backed up to {folder}: {manifest['counts']}"))
