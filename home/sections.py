"""
Setting up a section: its page, media collection, editor and moderator groups,
and its two-step approval workflow, in one idempotent step.

Per-section editing is built only from Wagtail's own parts (groups, page and
collection permissions, workflows), so every admin view, chooser and API that
Wagtail protects with them protects the sections too.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import HomePage, SectionIndexPage, SectionPage
from .permissions import APPROVERS

DUTY_EXPERTS = "Duty experts"
ASSOCIATION_TASK = "市科协终审"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
MODERATOR_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["publish_page", "unlock_page"]
APPROVER_PAGE_PERMISSIONS = MODERATOR_PAGE_PERMISSIONS + ["bulk_delete_page"]
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
    # Lecture videos (wagtailmedia has no "choose": its chooser lists what one may change).
    ("wagtailmedia", "add_media"),
    ("wagtailmedia", "change_media"),
]

# Shared records every section picks from. Editors may choose and add them, not
# change them: a venue edited by one district would move other sections' events.
SHARED_MODEL_PERMISSIONS = [
    ("events", "view_venue"),
    ("events", "add_venue"),
    ("lectures", "view_speaker"),
    ("lectures", "add_speaker"),
]
APPROVER_MODEL_PERMISSIONS = SHARED_MODEL_PERMISSIONS + [
    ("events", "change_venue"),
    ("events", "delete_venue"),
    ("lectures", "change_speaker"),
    ("lectures", "delete_speaker"),
    # 对外推送: whether webhooks and CDN purges arrived (home.deliveries).
    ("home", "view_delivery"),
    # 搜索同义词: the association keeps the synonyms search applies (home.synonyms).
    ("home", "add_searchsynonym"),
    ("home", "change_searchsynonym"),
    ("home", "delete_searchsynonym"),
    ("home", "view_searchsynonym"),
    ("search", "view_search_report"),
]

# Where each kind of section lives in the tree: the index page's slug and title.
SECTION_INDEXES = {
    SectionPage.Kind.SOCIETY: ("societies", "学会"),
    SectionPage.Kind.DISTRICT: ("districts", "区科协"),
    SectionPage.Kind.GRASSROOTS: ("grassroots", "基层组织"),
}


def editors_group_name(section):
    return f"{section.title} editors"


def moderators_group_name(section):
    return f"{section.title} moderators"


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def permissions(pairs):
    """The permissions named by (app label, codename) pairs, in one query; unknown ones are left out."""
    pairs = set(pairs)
    found = Permission.objects.filter(codename__in={codename for _app, codename in pairs}).select_related(
        "content_type"
    )
    return [each for each in found if (each.content_type.app_label, each.codename) in pairs]


def grant_admin_access(group):
    group.permissions.add(permission("wagtailadmin", "access_admin"))


def grant_pages(group, page, codenames):
    # One insert for all, skipping what the group already has (safe to run again).
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page=page, permission=each)
            for each in permissions(("wagtailcore", codename) for codename in codenames)
        ],
        ignore_conflicts=True,
    )


def grant_models(group, pairs):
    group.permissions.add(*permissions(pairs))


def grant_collection(group, collection):
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=collection, permission=each)
            for each in permissions(MEDIA_PERMISSIONS)
        ],
        ignore_conflicts=True,
    )


def grant_editing(group, page, page_permissions, collection):
    """What anyone who edits a subtree needs: the admin, the pages, the media collection."""
    grant_admin_access(group)
    grant_pages(group, page, page_permissions)
    grant_collection(group, collection)


def top_collection(name):
    """A collection directly under the root, created if missing."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def approval_task(name, group):
    """A group-approval task by name, created if missing, approvable by ``group``."""
    task = GroupApprovalTask.objects.filter(name=name).first() or GroupApprovalTask.objects.create(name=name)
    task.groups.add(group)
    return task


def assign_workflow(page, name, tasks):
    """A workflow of ``tasks`` in order, assigned to ``page`` and everything below it."""
    workflow, _created = Workflow.objects.get_or_create(name=name)
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def home_page():
    home = HomePage.objects.first()
    if home is None:
        raise LookupError(_("站点还没有首页，请先运行 load_demo 或在后台创建首页。"))
    return home


def section_index(kind):
    """The index page for a kind of section, created under the home page if missing."""
    home = home_page()
    slug, title = SECTION_INDEXES[kind]
    index = SectionIndexPage.objects.child_of(home).filter(slug=slug).first()
    if index is None:
        index = home.add_child(
            instance=SectionIndexPage(
                title=title, slug=slug, show_in_menus=kind != SectionPage.Kind.GRASSROOTS
            )
        )
        index.save_revision().publish()
    return index


@transaction.atomic
def association_groups():
    """The association-wide groups: Approvers publish anywhere; Duty experts approve clarifications."""
    approvers, _created = Group.objects.get_or_create(name=APPROVERS)
    grant_editing(approvers, home_page(), APPROVER_PAGE_PERMISSIONS, Collection.get_first_root_node())
    grant_models(approvers, APPROVER_MODEL_PERMISSIONS)

    duty_experts, _created = Group.objects.get_or_create(name=DUTY_EXPERTS)
    grant_admin_access(duty_experts)
    grant_models(duty_experts, [("home", "view_delivery"), ("search", "view_search_report")])
    return approvers, duty_experts, approval_task(ASSOCIATION_TASK, approvers)


@transaction.atomic
def setup_section(*, kind, name, slug, summary="", **fields):
    """
    Create or update one section and everything its people need. Safe to run
    again: it fills in what is missing and changes nothing else.
    """
    _approvers, _duty_experts, association_task = association_groups()
    index = section_index(kind)

    section = SectionPage.objects.filter(slug=slug).first()
    if section is None:
        section = index.add_child(
            instance=SectionPage(title=name, slug=slug, kind=kind, summary=summary, **fields)
        )
        section.save_revision().publish()

    collection = top_collection(name)
    editors, _created = Group.objects.get_or_create(name=editors_group_name(section))
    moderators, _created = Group.objects.get_or_create(name=moderators_group_name(section))
    for group, page_permissions in [
        (editors, EDITOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ]:
        grant_editing(group, section, page_permissions, collection)
        grant_models(group, SHARED_MODEL_PERMISSIONS)

    review_task = approval_task(f"{name} 审核", moderators)
    assign_workflow(section, f"{name} 发布流程", [review_task, association_task])
    return section


def find_section(slug):
    section = SectionPage.objects.filter(slug=slug).first()
    if section is None:
        raise LookupError(_("没有找到栏目“%(slug)s”。") % {"slug": slug})
    return section


@transaction.atomic
def add_person(section, username, *, moderator=False, password=None):
    """
    Put ``username`` in the section's editors (or moderators) group, creating the
    account if needed. Returns the password when one was set, else None.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    new_password = None
    if user is None:
        new_password = password or secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=new_password)
    group_name = moderators_group_name(section) if moderator else editors_group_name(section)
    user.groups.add(Group.objects.get(name=group_name))
    return user, new_password
