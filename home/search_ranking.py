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
date itself) never read the index's wide rows, which hold each page's whole
text (a word on 7,000 of 10,000 pages read 7,000 scattered rows: 11 ms). They
take one of two shapes by how many pages match (``_common``). A word on most
pages walks the caller's order (the search page's date index) and asks of each
page whether its entry, found through the narrow unique index on (content
type, object id), is among the matches, stopping at the cut: 科普's newest 500
of 7,300 in 2 ms, where looking all 7,300 up and sorting them took 9. A word on
a few pages has each match looked up and sorted, where a walk would read every
page to find them.
"""

import functools
import math
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Case, CharField, Exists, F, FloatField, Func, IntegerField, OuterRef, Value, When
from django.db.models.functions import Cast
from modelsearch.query import PlainText
from wagtail.models import Page

from . import content_version

RANKED_CUT = 500
# How many words' counts (_common) each process keeps at once.
SHAPES_KEPT = 4096
# The kind of kept answer (home.content_version.kept) each decision is.
SHAPE_KIND = "search-walks"


class OneWord(PlainText):
    """
    One word's index terms (a Chinese word's bigrams), all of them: the word is
    written in one place, so a page holds them all in its title or all in its
    body, and a search may look in each apart (home.search_postgres).
    """

    def __init__(self, terms):
        super().__init__(" ".join(terms), operator="and")

    def __repr__(self):
        return f"<OneWord {self.query_string!r}>"


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

    def _matches(self, query, config, any_column=False):
        """
        The full-text rows matching ``query``, in the index's own table. ``any_column``:
        in any of its columns, where that finds the same rows (``_columns_alike``).
        """
        from modelsearch.backends.database.sqlite.query import MatchExpression
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        fields = self.fields or self.FTS_TABLE_FIELDS
        match = (_in_any_column() if any_column and not self.fields else MatchExpression)(
            fields, self.build_search_query(query, config=config)
        )
        return SQLiteFTSIndexEntry.objects.filter(match)

    def _content_types(self):
        from modelsearch.utils import get_descendants_content_types_pks

        return get_descendants_content_types_pks(self.queryset.model)

    def _unordered(self, query, config):
        # Without a column filter FTS5 need not read where in a row each word is:
        # 社区's statement 2.8 -> 1.5 ms.
        matched = self._matches(query, config, any_column=_columns_alike(self.queryset.model))
        entries = matched.model._meta.get_field("index_entry").related_model.objects.filter(
            content_type__in=self._content_types()
        )
        if self._common(query, matched):
            # Walk the caller's order (the search page's date index) and stop at the
            # cut, asking of each row whether its entry is among the matches. `+id`
            # keeps SQLite from looking every match up by its row id in the wide table
            # for each page walked.
            matching = entries.alias(_row=_unindexed("id")).filter(_row__in=matched.values("pk"))
            queryset = self.queryset.filter(Exists(matching.filter(**own_entry(self.queryset.model))))
        else:
            # Look each match's entry up by its row id, and its page, and sort them:
            # 防火's one match in 0.1 ms, where reading the narrow index of all 10,000
            # entries for it took 1; 辐射's 617 in 3.4 ms against 4.
            queryset = self.queryset.filter(
                pk__in=entries.filter(id__in=matched.values("pk")).values("object_id")
            )
        # A steady order across pages, as Wagtail gives (wagtail/wagtail#3729).
        return queryset if queryset.query.order_by else queryset.order_by("-pk")

    def _common(self, query, matched):
        """
        Whether to walk the caller's order (``walks``). On SQLite a walked row costs
        about half a lookup: 社区's 2,200 of 10,000 pages walk in 3.3 ms against 5.7,
        辐射's few hundred are looked up in 2.8 ms against 8.5. The matches are
        counted, stopping once there are enough.
        """
        return takes_walk(
            self.queryset.model, (repr(query), tuple(self.fields or ())), Counted(matched.values("pk")), 0.5
        )


@functools.cache
def _columns_alike(model):
    """
    Whether the index's autocomplete column holds nothing its title and body
    columns do not, for every indexed model under ``model`` (pages complete
    their titles): then a word matches the same rows in any column.
    """
    from django.apps import apps
    from modelsearch.index import Indexed

    return all(
        {field.field_name for field in each.get_autocomplete_search_fields()}
        <= {field.field_name for field in each.get_searchable_search_fields()}
        for each in apps.get_models()
        if issubclass(each, model) and issubclass(each, Indexed)
    )


@functools.cache
def _in_any_column():
    from modelsearch.backends.database.sqlite.query import MatchExpression

    class InAnyColumn(MatchExpression):
        """modelsearch's MATCH without its ``{title body} :`` column filter."""

        def as_sql(self, compiler, connection):
            sql, params = compiler.compile(self.query)
            return self.template, [f"({sql % tuple(params)})"]

    return InAnyColumn


class Counted:
    """How many rows ``queryset`` gives, counting no further than asked: a measure for ``walks``."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __call__(self, enough):
        return self.queryset[:enough].count()

    def statement(self):
        """The count as SQL and its parameters, the limit left to give last (home.statements)."""
        sql, params = self.queryset.query.get_compiler(self.queryset.db).as_sql()
        return f"SELECT COUNT(*) FROM ({sql} LIMIT %s) counted", params

    @staticmethod
    def reading(run, enough):
        return run(enough)[0][0]


_told = ContextVar("told", default=None)


@contextmanager
def deciding(told):
    """
    Inside, a search's shape is what ``told(measure, walked_row_cost)`` says, not
    ``walks``: home.statements builds each shape of a statement around stand-in
    words, and keeps the measure to choose between them for real ones.
    """
    token = _told.set(told)
    try:
        yield
    finally:
        _told.reset(token)


def takes_walk(model, query, measure, walked_row_cost):
    """Whether this search walks (``walks``), unless a statement is being built for any words (``deciding``)."""
    told = _told.get()
    if told is not None:
        return told(measure, walked_row_cost)
    return walks(model, query, measure, walked_row_cost)


def walks(model, query, matches, walked_row_cost):
    """
    Whether a search of ``model`` for ``query`` should walk the caller's order
    until RANKED_CUT matches rather than look every match up and sort them.
    The walk reads about cut × rows / matches rows, each at ``walked_row_cost``
    times a lookup, so it wins beyond √(cost × cut × rows) matches.
    ``matches(enough)``: how many rows match, counted or estimated, at least up
    to ``enough``. The answer is kept until a publish, like a planner's
    statistics: it decides how fast an answer comes, never what it is.
    """

    def decide():
        enough = math.isqrt(int(walked_row_cost * RANKED_CUT * indexed_rows(model))) + 1
        return matches(enough) >= enough

    return content_version.kept((SHAPE_KIND, model._meta.label, query), decide, most=SHAPES_KEPT)


def own_entry(model):
    """The lookups that pick, among index entries, the outer query's row's own (for Exists)."""
    from modelsearch.utils import get_descendants_content_types_pks

    if issubclass(model, Page):
        # A page's entry is under its own specific type: one index seek rather than one per type.
        content_type = {"content_type": OuterRef("content_type")}
    else:
        content_type = {"content_type__in": get_descendants_content_types_pks(model)}
    return {"object_id": Cast(OuterRef("pk"), CharField()), **content_type}


def indexed_rows(model):
    """How many rows of ``model`` there are, counted once per publish."""
    return content_version.kept(("search-rows", model._meta.label), model._default_manager.count)


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
