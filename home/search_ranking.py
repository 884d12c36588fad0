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
best ones.

Unordered searches (the search page's, home.questions: it ranks by title and
date itself) go from the index's matches to the pages through the narrow
unique index on (content type, object id), which holds each entry's row id,
rather than reading every matching entry's row: those rows hold the page's
whole text, so a word on 7,000 of 10,000 pages read 7,000 scattered rows
(11 ms of a 17 ms statement) where the narrow index takes 4 ms; and the pages
are read in the caller's order until its cut rather than all looked up and
sorted (the newest 500 of those 7,000: 10 ms → 4 ms; a rare word's few pages
cost about 1 ms more this way).
"""

import functools

from django.db.models import Case, CharField, F, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast

RANKED_CUT = 500


class RankedOnce:
    def search(self, config, start, stop, score_field=None):
        from modelsearch.backends.database.sqlite.query import normalize
        from modelsearch.query import MatchAll, Not

        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)) or (not self.order_by_relevance and score_field is not None):
            return super().search(config, start, stop, score_field)
        if not self.order_by_relevance:
            return self._unordered(query, config)[start:stop]
        allowed = self.queryset.order_by().annotate(_object_id=Cast("pk", CharField())).values("_object_id")
        best = (
            self._matches(query, config)
            .filter(index_entry__content_type__in=self._content_types(), index_entry__object_id__in=allowed)
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

    def _matches(self, query, config):
        """The full-text rows matching ``query``, in the index's own table."""
        from modelsearch.backends.database.sqlite.query import MatchExpression
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        fields = self.fields or self.FTS_TABLE_FIELDS
        return SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(fields, self.build_search_query(query, config=config))
        )

    def _content_types(self):
        from modelsearch.utils import get_descendants_content_types_pks

        return get_descendants_content_types_pks(self.queryset.model)

    def _unordered(self, query, config):
        matched = self._matches(query, config)
        entries = matched.model._meta.get_field("index_entry").related_model.objects
        # `+id` keeps SQLite from looking each match up by its row id in the wide table.
        object_ids = (
            entries.filter(content_type__in=self._content_types())
            .alias(_row=_unindexed("id"))
            .filter(_row__in=matched.values("pk"))
            .values("object_id")
        )
        # And `+pk` from looking up and sorting every matching page: it walks the
        # caller's order (the search page's date index) and stops at the cut.
        queryset = self.queryset.alias(_pk=_unindexed("pk")).filter(_pk__in=object_ids)
        # A steady order across pages, as Wagtail gives (wagtail/wagtail#3729).
        return queryset if queryset.query.order_by else queryset.order_by("-pk")


def _unindexed(field):
    """The column, written so that SQLite does not look rows up by it (a unary +)."""
    return Func(F(field), template="+%(expressions)s", output_field=IntegerField())


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
