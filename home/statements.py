"""
Search statements built once per shape, then bound to each query's words.

A search's SQL differs from one query to the next only in its words: 地震 and
疫苗 ask the same statement of the same pages. Building it through modelsearch
and Django's ORM cost about 0.8 ms (nested subqueries relabelled and cloned)
and compiling it 0.5 ms more, where SQLite ran it in 0.1 to 0.5 ms: a question
of three words spent 7 of its 9.4 ms in Python, building four statements and
the counts that chose their shapes.

Here a statement is built once for its shape (the pages it searches, compiled,
and how its words are laid out) with stand-ins where the words go, compiled,
and kept for the life of the process. A later query of that shape runs the kept
SQL with its own words put in place of the stand-ins, and its rows are
converted as Django converts them. The words go in as parameters, never into
the SQL, and only words that no escaping changes are put in this way (letters,
digits, CJK, a dot: 地震, pm2.5); any other query is built through the ORM as
before.

The backends choose a statement's shape by how many pages match
(home.search_ranking.walks). A kept statement holds the count that chooses,
so the choice is made per query as before, and each shape once a query has
taken it.
"""

import itertools
import threading
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.sql.compiler import SQLCompiler

from . import search_ranking

# Shapes kept per process: (pages searched × statement kinds × word layouts) in use.
MOST = 256
STAND_IN = "\x00{}\x00"

_kept = {}
_lock = threading.Lock()
_UNSUPPORTED = object()
_numbers = itertools.count()


class Source:
    """
    The pages a search looks in, and their key: their statement, compiled once
    per search, and the content types the backends write into every statement
    (a database flushed and migrated again numbers them anew).
    """

    def __init__(self, pages):
        self.pages = pages

    @cached_property
    def key(self):
        from modelsearch.utils import get_descendants_content_types_pks

        model = self.pages.model
        try:
            sql, params = self.pages.query.get_compiler(self.pages.db).as_sql()
            key = (self.pages.db, sql, tuple(params), tuple(get_descendants_content_types_pks(model)))
            hash(key)
        except (EmptyResultSet, TypeError):
            return None
        return key


def rows(source, shape, build, values):
    """
    The rows (tuples) of ``build(values)``, a ``values_list`` queryset over
    ``source.pages``. ``shape``: everything about the statement but ``values``
    (the words it looks for), hashable: two calls with the same shape must
    build the same statement around different values.
    """
    values = list(values)
    if source.key is None or not all(map(_plain, values)):
        return list(build(values))
    key = (source.key, shape, len(values))
    template = _kept.get(key)
    if template is None:
        template = _template(source.pages.model, build, len(values))
        with _lock:
            if len(_kept) >= MOST:
                _kept.pop(next(iter(_kept)))
            _kept[key] = template
    if template is _UNSUPPORTED:
        return list(build(values))
    return template.rows(values, source.pages.db, build)


def forget():
    """Drop every kept statement (tests that change how statements are built)."""
    with _lock:
        _kept.clear()


def _plain(value):
    # Unchanged by every escaping the statements apply: FTS5 and tsquery terms, LIKE patterns.
    return bool(value) and all(character.isalnum() or character == "." for character in value)


@dataclass(frozen=True)
class Statement:
    """Compiled SQL with stand-ins among its parameters."""

    sql: str
    params: tuple
    # {column: (converters, expression)} as Django converts the rows; None: as the driver gives them.
    converters: dict = None

    @classmethod
    def of(cls, sql, params, stand_ins, converters=None, every=True):
        """
        None unless the words are parameters as written, and (``every``) all of
        them are: a word the build dropped or changed cannot be bound.
        """
        texts = [param for param in params if isinstance(param, str)]
        if any(stand_in in sql for stand_in in stand_ins) or not all(
            any(stand_in in text for text in texts) for stand_in in stand_ins if every
        ):
            return None
        return cls(sql, tuple(params), converters)

    def run(self, values, using, *extra):
        params = [_bound(param, values) for param in self.params]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*params, *extra])
            found = cursor.fetchall()
        if not self.converters:
            return found
        # Django's own conversion, by a compiler of this connection: the one that built
        # the statement is not kept, with its query (home.statements.Template).
        compiler = SQLCompiler(None, connection, using)
        return list(map(tuple, compiler.apply_converters(found, self.converters)))


def _bound(param, values):
    if not isinstance(param, str) or "\x00" not in param:
        return param
    for n, value in enumerate(values):
        param = param.replace(STAND_IN.format(n), value)
    return param


@dataclass(frozen=True)
class Template:
    """
    A kept statement: the measure that chooses the backend's shape for each
    query, and each shape's statement, built when a query first takes it.
    """

    model: type
    number: int  # names it among the kept shape choices (search_ranking.walks), in this process
    by_shape: dict  # walks? -> Statement (None: the backend chose no shape); filled as queries take them
    measure: Statement = None
    reading: object = None  # the measure's rows -> how many match (search_ranking.Counted.reading)
    walked_row_cost: float = 0

    def rows(self, values, using, build):
        walks = None
        if self.measure is not None:
            walks = search_ranking.walks(
                self.model,
                ("bound", self.number, tuple(values)),
                lambda enough: self.reading(lambda *extra: self.measure.run(values, using, *extra), enough),
                self.walked_row_cost,
            )
        statement = self.by_shape.get(walks)
        if statement is None:
            stand_ins = _stand_ins(len(values))
            with search_ranking.deciding(lambda _measure, _cost: walks):
                statement = _compiled(build(stand_ins), stand_ins)
            if statement is None:
                return list(build(values))
            self.by_shape[walks] = statement
        return statement.run(values, using)


class _Asked(Exception):
    """A build stopped where the backend asks for its shape: the measure that would choose it."""

    def __init__(self, measure, walked_row_cost):
        super().__init__()
        self.measure = measure
        self.walked_row_cost = walked_row_cost


def _template(model, build, count):
    """
    The measure of the statement around stand-ins, where the backend chooses a
    shape, or the statement itself where it does not. Building a shape waits
    for the first query that takes it: a worker's first search of a shape
    builds one statement, as a search built for its words does.
    """
    stand_ins = _stand_ins(count)

    def asked(measure, walked_row_cost):
        raise _Asked(measure, walked_row_cost)

    try:
        with search_ranking.deciding(asked):
            statement = _compiled(build(stand_ins), stand_ins)
    except _Asked as shape:
        # The measure counts the index's matches: it holds the index terms, not the title tests.
        measured = Statement.of(*shape.measure.statement(), stand_ins, every=False)
        if measured is None:
            return _UNSUPPORTED
        return Template(model, next(_numbers), {}, measured, shape.measure.reading, shape.walked_row_cost)
    if statement is None:
        return _UNSUPPORTED
    return Template(model, next(_numbers), {None: statement})


def _stand_ins(count):
    return [STAND_IN.format(n) for n in range(count)]


def _compiled(queryset, stand_ins):
    """``queryset``'s statement around ``stand_ins``, with Django's converters for its columns; None if it has none."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    columns = [column for column, *_ in compiler.select[: compiler.col_count]]
    return Statement.of(sql, params, stand_ins, compiler.get_converters(columns))
