"""An index that one database needs and the other does without (migrations 0001, 0003)."""

from django.db import migrations


def index_on(vendor, create, drop, *after):
    """Run ``create`` (then ``after``) on ``vendor``'s databases only; ``drop`` when migrating back."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for sql in (create, *after):
                schema_editor.execute(sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            schema_editor.execute(drop)

    return migrations.RunPython(forward, backward)
