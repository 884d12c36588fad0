"""The section editor's dashboard: drafts, review, rejections with the reason, per section."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.sections import add_person
from tests.factories import StandardPageFactory


def _reject(page, moderator, comment):
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment=comment)


def test_dashboard_shows_own_sections_work_and_the_reason_for_a_rejection(client, haidian, chaoyang):
    editor, _pw = add_person(haidian, "li.lei")
    moderator, _pw = add_person(haidian, "han.mei", moderator=True)

    draft = StandardPageFactory(parent=haidian, title="社区讲座草稿", live=False)
    draft.save_revision(user=editor)
    submitted = StandardPageFactory(parent=haidian, title="垃圾分类科普", live=False)
    submitted.save_revision(user=editor)
    submitted.get_workflow().start(submitted, editor)
    rejected = StandardPageFactory(parent=haidian, title="节能小贴士", live=False)
    rejected.save_revision(user=editor)
    rejected.get_workflow().start(rejected, editor)
    rejected.refresh_from_db()
    _reject(rejected, moderator, "数据来源请补充出处")

    other = StandardPageFactory(parent=chaoyang, title="朝阳的草稿", live=False)
    other.save_revision()

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "海淀区科协" in html
    assert "社区讲座草稿" in html
    assert "垃圾分类科普" in html and "海淀区科协 审核" in html
    assert "节能小贴士" in html and "数据来源请补充出处" in html and "han.mei" in html
    assert "朝阳的草稿" not in html


def test_dashboard_queries_do_not_grow_with_the_amount_of_work(client, haidian):
    editor, _pw = add_person(haidian, "li.lei")
    client.force_login(editor)

    def make(n):
        for i in range(n):
            page = StandardPageFactory(parent=haidian, title=f"稿件{i}", live=False)
            page.save_revision(user=editor)
            if i % 2:
                page.get_workflow().start(page, editor)

    make(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    make(12)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/")
    assert response.status_code == 200
    assert len(many) <= len(few) + 2, [q["sql"][:120] for q in many.captured_queries]


def test_dashboard_lists_the_sections_upcoming_dates(client, haidian, chaoyang):
    import datetime

    from django.utils import timezone

    from events.models import EventPage

    editor, _pw = add_person(haidian, "li.lei")
    start = timezone.localtime() + datetime.timedelta(days=3)
    for parent, title in [(haidian, "海淀青少年机器人体验日"), (chaoyang, "朝阳社区急救培训")]:
        event = parent.add_child(
            instance=EventPage(title=title, start=start, end=start + datetime.timedelta(hours=2))
        )
        event.save_revision().publish()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "即将开始的活动" in html
    assert "海淀青少年机器人体验日" in html
    assert "朝阳社区急救培训" not in html


def test_dashboard_shows_an_all_day_date_without_a_midnight_time(client, haidian):
    import datetime

    from django.utils import timezone

    from events.models import EventPage

    editor, _pw = add_person(haidian, "han.mei")
    day = timezone.localdate() + datetime.timedelta(days=3)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    event = haidian.add_child(
        instance=EventPage(
            title="海淀科学开放日", start=start, end=start + datetime.timedelta(days=1), all_day=True
        )
    )
    event.save_revision().publish()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    line = html.split("海淀科学开放日", 1)[0].rsplit("<li>", 1)[1]
    assert "00:00" not in line and f"{day.month}月{day.day}日" in line


def test_the_superuser_is_told_when_no_task_worker_is_taking_the_queue(client, settings, haidian):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from home.mail import send_queued_email
    from home.tests.test_deliveries import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    editor, _pw = add_person(haidian, "li.lei")
    client.force_login(boss)
    send_queued_email.enqueue({"subject": "刚排队"})
    assert "后台任务没有在运行" not in client.get("/admin/").content.decode(), (
        "a task just queued is not late"
    )

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    html = client.get("/admin/").content.decode()
    assert "后台任务没有在运行" in html and "有 1 个后台任务" in html and "db_worker" in html

    client.force_login(editor)
    assert "后台任务没有在运行" not in client.get("/admin/").content.decode(), (
        "section editors cannot act on it"
    )
