"""
The two places we lean on Wagtail's private parts, each pinned by a test that
fails if Wagtail changes underneath (an upgrade must revisit them):

- home.slugs.PinyinSlugMixin overrides Page._set_core_field_defaults, which
  Wagtail calls from full_clean() and from the minimal clean of draft saves;
- home.dashboard.warm_group_approval_checks fills the per-user cache that
  GroupApprovalTask._user_in_groups reads (_group_approval_task_checks).
"""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page

from home.dashboard import warm_group_approval_checks
from home.models import StandardPage
from home.sections import add_person


def test_wagtail_still_derives_slugs_through_the_method_we_override(home):
    assert callable(getattr(Page, "_set_core_field_defaults", None))
    page = StandardPage(title="节约用水", body=[])
    home.add_child(instance=page)
    page.title = "雨水收集"
    page.slug = ""
    page.save_revision()  # a draft save runs Wagtail's minimal clean
    assert page.slug == "yu-shui-shou-ji"


def test_one_query_answers_every_approval_task_for_the_dashboard(
    haidian, chaoyang, django_assert_num_queries
):
    moderator, _password = add_person(haidian, "moderator", moderator=True)
    tasks = list(GroupApprovalTask.objects.all())
    assert len(tasks) >= 3
    warm_group_approval_checks(moderator)
    with django_assert_num_queries(0):
        answers = {task.name for task in tasks if task._user_in_groups(moderator)}
    moderators = Group.objects.get(name=f"{haidian.title} moderators")
    assert answers == {task.name for task in tasks if task.groups.filter(pk=moderators.pk).exists()}
    assert answers == {"海淀区科协 审核"}
