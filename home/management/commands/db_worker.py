"""
django-tasks-db's worker, with jieba's dictionary loaded before the first task, as
gunicorn loads it before forking (config/wsgi.py): otherwise the first search-index
task after a start takes 2-3 s, and the CDN purges queued behind it wait as long.
"""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from home.chinese import preload_dictionary


class Command(WorkerCommand):
    def handle(self, *args, **options):
        preload_dictionary()
        return super().handle(*args, **options)
