"""
Sections set up before lectures existed get what new ones get from
home.sections: lecture videos in their collection, and choosing and adding speakers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIDEO_CODENAMES = ["add_media", "change_media"]
SPEAKER_CODENAMES = ["view_speaker", "add_speaker"]
APPROVER_SPEAKER_CODENAMES = ["change_speaker", "delete_speaker"]


def grant(apps, schema_editor):
    # Permissions are normally made after migrating; make them now (on migration
    # state apps, which create_permissions skips unless models_module is set).
    for label in ("wagtailmedia", "lectures"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    videos = Permission.objects.filter(content_type__app_label="wagtailmedia", codename__in=VIDEO_CODENAMES)
    for row in GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="wagtaildocs", permission__codename="add_document"
    ):
        for permission in videos:
            GroupCollectionPermission.objects.get_or_create(
                group_id=row.group_id, collection_id=row.collection_id, permission=permission
            )

    speakers = Permission.objects.filter(content_type__app_label="lectures", codename__in=SPEAKER_CODENAMES)
    approving = Permission.objects.filter(
        content_type__app_label="lectures", codename__in=APPROVER_SPEAKER_CODENAMES
    )
    for group in Group.objects.filter(permissions__content_type__app_label="events", permissions__codename="add_venue"):
        group.permissions.add(*speakers)
        if group.permissions.filter(content_type__app_label="events", codename="change_venue").exists():
            group.permissions.add(*approving)


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0001_initial"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("events", "0002_date_moved_online"),
        ("auth", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
