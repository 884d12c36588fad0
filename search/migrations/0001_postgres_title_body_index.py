"""
A GIN index on the (title || body) expression the PostgreSQL search backend matches.

Wagtail's backend searches `(title || body) @@ query`, while the table only has
GIN indexes on each column. Without one on the expression, PostgreSQL has no
statistics for it, estimates one matching row and joins pages by nested loop:
8 s for 科学素质 over 10,000 pages (bench/search_bench.py). With it: 60 ms.
Nothing to do on SQLite, whose FTS5 table is its own index.
"""

from django.db import migrations

from ._on_vendor import index_on

CREATE = (
    "CREATE INDEX IF NOT EXISTS kepu_indexentry_title_body "
    "ON wagtailsearch_indexentry USING GIN ((title || body))"
)
DROP = "DROP INDEX IF EXISTS kepu_indexentry_title_body"


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [index_on("postgresql", CREATE, DROP, "ANALYZE wagtailsearch_indexentry")]
