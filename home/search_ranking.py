"""
Relevance-ordered searches through SQLite's full-text index, ranked in one pass.

Wagtail's SQLite backend orders by relevance through a correlated subquery:
for every page that matches, it runs the full-text MATCH again to read that
page's score. A query that matches most titles (the admin's page search for
页面 at 20,000 pages) ran that MATCH 20,000 times: 121 s in one SQL statement.
Here the index is asked once for the best RANKED_CUT matches among the rows
the caller's queryset allows (its permission and type filters go into the same
statement), each with its score, and the queryset is narrowed to those. A
search ordered by relevance therefore shows at most RANKED_CUT results, the
best ones; unordered searches and counts are Wagtail's own.
"""

import functools

from django.db.models import Case, CharField, FloatField, Value, When
from django.db.models.functions import Cast

RANKED_CUT = 500


class RankedOnce:
    def search(self, config, start, stop, score_field=None):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
        from modelsearch.query import MatchAll, Not
        from modelsearch.utils import get_descendants_content_types_pks

        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return super().search(config, start, stop, score_field)
        allowed = self.queryset.order_by().annotate(_object_id=Cast("pk", CharField())).values("_object_id")
        best = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(
                    self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
                )
            )
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
                index_entry__object_id__in=allowed,
            )
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            .order_by("score")
            .values_list("index_entry__object_id", "score")[:RANKED_CUT]
        )
        scores = {self.queryset.model._meta.pk.to_python(pk): score for pk, score in best}
        score_field = score_field or "_score"
        score = Case(
            *(When(pk=pk, then=Value(value)) for pk, value in scores.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
        queryset = self.queryset.filter(pk__in=list(scores)).annotate(**{score_field: score})
        return queryset.order_by(score_field, "-pk")[start:stop]


@functools.cache
def _sqlite_compilers():
    # Imported only on SQLite: the full-text model exists only where the index is SQLite's.
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchQueryCompiler,
    )

    return (
        SQLiteSearchQueryCompiler,
        type("RankedSearchCompiler", (RankedOnce, SQLiteSearchQueryCompiler), {}),
        type("RankedAutocompleteCompiler", (RankedOnce, SQLiteAutocompleteQueryCompiler), {}),
    )


def rank_once(backend):
    """Make a SQLite search backend rank in one pass (other databases are left as they are)."""
    if type(backend).__name__ == "SQLiteSearchBackend":
        plain, ranked, ranked_autocomplete = _sqlite_compilers()
        if issubclass(backend.query_compiler_class, plain):
            backend.query_compiler_class = ranked
            backend.autocomplete_query_compiler_class = ranked_autocomplete
    return backend
