"""
Unordered searches on PostgreSQL, in one of two shapes chosen by how many pages match.

modelsearch joins the pages to their index entries through the generic
relation, whose join tests the entry's content type against every page type
(15 index probes per page), and leaves the plan to PostgreSQL, which cannot see
that matching a row costs concatenating its title and body vectors (13 µs).
At 10,000 pages it walked the date index for 科普 at 29 µs a page (24 ms), and
for a word on a few pages, walked or hash-joined every page (地震: 9 ms).

Here, like SQLite's searches (home.search_ranking):
- a word on most pages walks the caller's order and asks each page whether
  its own entry, found under the page's own content type, matches: 科普 24 -> 14 ms;
- a word on a few pages has the index (the GIN index on title || body,
  search/migrations/0001) find the entries, and their pages are looked up by
  primary key and sorted: 地震 9 -> 1.3 ms.
How many pages match is the planner's own estimate, from that index's
statistics (EXPLAIN, without running the statement).
"""

import functools
import json
import operator

from django.contrib.postgres.search import SearchVectorField
from django.db.models import BigIntegerField, Exists, F, IntegerField, Q
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

from . import search_ranking

# A walked page costs about this many lookups of a matching page: its title and body
# joined, or each tested apart (科学 素质's 4,400 matches were looked up in 28 ms, and
# its 1,150 walked pages took 25 ms joined, 14 apart).
WALKED_ROW_COST = 3
WALKED_ROW_COST_APART = 2


class UnorderedOnPostgres:
    def search(self, config, start, stop, score_field=None, backend=None):
        from modelsearch.query import Fuzzy, MatchAll, Not

        if (
            self.order_by_relevance
            or score_field is not None
            or self.fields is not None
            or isinstance(self.query, (MatchAll, Not, Fuzzy))
        ):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        from modelsearch.backends.database.postgres.postgres import IndexEntry
        from modelsearch.utils import get_descendants_content_types_pks

        model = self.queryset.model
        tsquery = self.build_tsquery(self.query, config=config)
        vector = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        matching = IndexEntry.objects.annotate(_vector=vector).filter(_vector=tsquery)
        key = _integer_key(model)
        # Each word is in the title or in the body, never half in each: tested in each
        # apart, without concatenating them, a walked row costs half (科普 12.5 -> 6.9
        # ms; 科学 素质 25 -> 14 ms), and walking pays from fewer matches. The index's
        # matches are tested the same way, so both shapes find the same pages.
        apart = self._in_fields(self.query, config)
        cost = WALKED_ROW_COST if apart is None else WALKED_ROW_COST_APART
        if key is None or search_ranking.takes_walk(model, repr(self.query), Estimated(matching), cost):
            walked = matching if apart is None else IndexEntry.objects.filter(apart)
            queryset = self.queryset.filter(Exists(walked.filter(**search_ranking.own_entry(model))))
        else:
            # Only a word of several terms can match half in each field: its pages are
            # tested apart (a test per match: 怎样提高科学素质's 2,300 took 57 ms, not 28).
            found = matching.filter(apart) if apart is not None and _several_terms(self.query) else matching
            ids = found.filter(content_type__in=get_descendants_content_types_pks(model))
            queryset = self.queryset.filter(pk__in=ids.values(_object_id=Cast("object_id", key)))
        # A steady order across pages, as Wagtail gives (wagtail/wagtail#3729).
        queryset = queryset if queryset.query.order_by else queryset.order_by("-pk")
        return queryset[start:stop]

    def _in_fields(self, query, config):
        """
        ``query`` as tests of the title and the body apart (a Q on index entries), or
        None where some of its terms are sought in both joined.
        """
        from modelsearch.query import And, Boost, Or

        if isinstance(query, Boost):
            return self._in_fields(query.subquery, config)
        if isinstance(query, (And, Or)):
            tests = [self._in_fields(subquery, config) for subquery in query.subqueries]
            if any(test is None for test in tests):
                return None
            return functools.reduce(operator.and_ if isinstance(query, And) else operator.or_, tests)
        if _in_one_field(query):
            tsquery = self.build_tsquery(query, config=config)
            return Q(title=tsquery) | Q(body=tsquery)
        return None


def _in_one_field(query):
    """Whether a page holds ``query`` when its title or its body does: a word of a search (``OneWord``), or terms any of which will do."""
    from modelsearch.query import PlainText

    if isinstance(query, search_ranking.OneWord):
        return True
    if isinstance(query, PlainText):
        terms = query.query_string.split()
        # Terms the parser keeps whole (PM2.5 could be two lexemes).
        return all(term.isalnum() for term in terms) and (len(terms) == 1 or query.operator == "or")
    return False


def _several_terms(query):
    """Whether ``query`` holds a word of several index terms (a Chinese word's bigrams)."""
    from modelsearch.query import And, Boost, Or

    if isinstance(query, Boost):
        return _several_terms(query.subquery)
    if isinstance(query, (And, Or)):
        return any(_several_terms(subquery) for subquery in query.subqueries)
    return isinstance(query, search_ranking.OneWord) and len(query.query_string.split()) > 1


class Estimated:
    """How many rows the planner expects ``queryset`` to give: a measure for search_ranking.walks."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __call__(self, _enough):
        return _plan_rows(self.queryset.explain(format="json"))

    def statement(self):
        """The estimate as SQL and its parameters (home.statements)."""
        sql, params = self.queryset.query.get_compiler(self.queryset.db).as_sql()
        return f"EXPLAIN (FORMAT JSON) {sql}", params

    @staticmethod
    def reading(run, _enough):
        return _plan_rows(run()[0][0])


def _plan_rows(plan):
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def _integer_key(model):
    """The integer type of ``model``'s primary key (a page type's is its page's), or None."""
    key = model._meta.pk
    while key.is_relation:
        key = key.target_field
    if isinstance(key, IntegerField):
        return BigIntegerField()
    return None


@functools.cache
def _compiler(plain):
    return type("UnorderedPostgresSearchCompiler", (UnorderedOnPostgres, plain), {})


def unordered_on_postgres(backend):
    """Make a PostgreSQL search backend's unordered searches take their shape (other backends are left)."""
    if type(backend).__name__ == "PostgresSearchBackend":
        backend.query_compiler_class = _compiler(backend.query_compiler_class)
    return backend
