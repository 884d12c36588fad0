from axes.utils import reset
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "解除账号因多次输错密码而被暂停的登录（所有地址）。Lift a login lockout for these accounts."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args, usernames, **options):
        for username in usernames:
            count = reset(username=username)
            self.stdout.write(f"{username}: 解除 {count} 条锁定记录")
