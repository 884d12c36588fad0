"""
Search that answers the questions people type (如何应对地震, 雾霾怎么防), for
the search page and the API's ``?search=`` alike.

Pages that hold every word of the query come first, those with every word in
the title before the rest, newest first. When that gives less than a results
page, the best partial matches follow: pages holding some of the words, ranked
by how rare the words they hold are (a word found on few pages counts more)
and by whether the title holds them. Question words never count (they are
stopwords in home.chinese, at index and query time), a lone character such as
防 counts only inside titles, and the association's synonyms (home.synonyms)
make each word match any of its other names.

Every database query is cut at ``LIMIT`` rows, newest first; for the complete
matches the database also says whether each title holds the words, and only
those facts come back. The backends' relevance ordering is not used: it costs a
correlated subquery per matching row on SQLite (21 s for 地震 over 10,000 pages,
bench/search_bench.py), FTS5's bm25 weighs the title like the body anyway, and
PostgreSQL's title-only search reads the raw, unsegmented title column. Titles
rank the same on both.
"""

import functools
import math
import operator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from modelsearch.query import And, Or
from wagtail.models import Page

from . import statements
from .chinese import MAX_QUERY_TERMS, QUERY_STOPWORDS, is_verb, query_parts, sub_words, terms_of
from .search_ranking import OneWord, indexed_rows
from .synonyms import synonym_groups

LIMIT = 500
# Partial matches join when the complete ones fill less than one results page.
ENOUGH = 10
TITLE_WEIGHT = 2
VERB_WEIGHT = 0.25


@dataclass
class Word:
    """One word of the query and every way of saying it (its synonyms)."""

    names: list

    def expression(self):
        alternatives = [OneWord(terms_of_phrase(name)) for name in self.names]
        return alternatives[0] if len(alternatives) == 1 else Or(alternatives)

    def in_title(self, title):
        return any(name.lower() in title for name in self.names)

    def title_holds(self):
        """``in_title`` as the database asks it."""
        return functools.reduce(operator.or_, map(_in_title, self.names))

    def weight(self):
        """A verb (应对, 防止) is mostly the asking: 如何应对地震 is about 地震, whatever else says 应对."""
        return VERB_WEIGHT if is_verb(self.names[0]) else 1

    def parts(self):
        """
        For partial matches, a long word without synonyms counts by its own
        words (流感疫苗 → 流感, 疫苗), so 冬季流感与疫苗 holds both.
        """
        if len(self.names) > 1:
            return [self]
        word = self.names[0]
        inner = [part for part in sub_words(word) if part not in QUERY_STOPWORDS]
        if not inner or set(word) - set("".join(inner)):
            return [self]  # 碳中和 is not 中和
        return [Word([part]) for part in inner]


@dataclass
class Found:
    ids: list = field(default_factory=list)  # ranked: complete matches, then partial ones
    complete: int = 0  # how many of `ids` hold every word
    names: list = field(default_factory=list)  # what to highlight: the words and their synonyms
    characters: list = field(default_factory=list)  # lone characters, matched in titles only

    @property
    def partial(self):
        return len(self.ids) - self.complete


def terms_of_phrase(text):
    """A word's or a synonym's index terms (PM2.5, 新型冠状病毒, 热带 气旋)."""
    words, characters = query_parts(text)
    terms = [term for word in words or characters or [text.lower()] for term in terms_of(word)]
    return list(dict.fromkeys(term for term in terms if term))[:MAX_QUERY_TERMS]


def read(raw):
    """(words, characters) of a query, each word with its synonyms."""
    groups = synonym_groups()
    phrases = [name for names in groups.values() for name in names]
    words, characters = query_parts(raw, phrases)
    return [Word(groups.get(word, [word])) for word in words], characters


def _newest_first(pages):
    return pages.order_by("-first_published_at", "-id")


def _matching(pages, query):
    """`pages` narrowed to those the index finds for `query`: the database backends' statement, unordered."""
    found = pages.order_by().search(query, order_by_relevance=False)
    # A query that can match nothing gives results without a statement.
    return found.get_queryset() if hasattr(found, "get_queryset") else pages.none()


def _search(source, query):
    """{pk: (lower-case title, first published)} of the matching pages, newest first, at most LIMIT."""
    shape, terms = _shaped(query)

    def build(terms):
        # Values, not pages: making 500 Page instances (modelcluster's __init__) was half a search's time.
        matching = _matching(source.pages, _rebuilt(shape, terms))
        return _newest_first(matching).values_list("pk", "title", "first_published_at")[:LIMIT]

    rows = statements.rows(source, ("search", shape), build, terms)
    return {pk: (title.lower(), published) for pk, title, published in rows}


def _in_title(text):
    return Q(title__icontains=text)


def _complete(source, words, characters):
    """
    Pages holding every word: every word in the title first, then titles holding
    more of the lone characters, newest first. The database cuts the newest LIMIT
    and says of each whether its title holds the words; only those facts come
    back, and the rank is a sort of them. Ordered by date alone, the statement can
    walk the date index and stop at LIMIT: ordered by the title test first,
    PostgreSQL tested every one of the 7,000 pages holding 科普 (135 ms against 17).
    """
    query = And([word.expression() for word in words]) if len(words) > 1 else words[0].expression()
    shape, terms = _shaped(query)
    names = [len(word.names) for word in words]

    def build(values):
        # The values: the index terms, each word's names for its title test, the lone characters.
        index_terms, values = values[: len(terms)], values[len(terms) :]
        title_words = []
        for count in names:
            title_words.append(Word(values[:count]))
            values = values[count:]
        every_word = functools.reduce(operator.and_, (word.title_holds() for word in title_words))
        in_title = sum(
            (Case(When(_in_title(character), then=1), default=0) for character in values), Value(0)
        )
        return (
            _newest_first(_matching(source.pages, _rebuilt(shape, index_terms)))
            .annotate(_title_misses=Case(When(every_word, then=0), default=1), _title_characters=in_title)
            .values_list("pk", "_title_misses", "_title_characters")[:LIMIT]
        )

    values = [*terms, *(name for word in words for name in word.names), *characters]
    rows = statements.rows(source, ("complete", shape, tuple(names), len(characters)), build, values)
    return [pk for pk, _misses, _characters in sorted(rows, key=lambda row: (row[1], -row[2]))]


def _titled(source, characters, ordered):
    """The pages whose titles hold every one of ``characters``: newest first, or in the table's order."""

    def build(characters):
        titled = _newest_first(source.pages) if ordered else source.pages.order_by()
        for character in characters:
            titled = titled.filter(title__contains=character)
        return titled.values_list("pk")[:LIMIT]

    return [pk for (pk,) in statements.rows(source, ("titled", ordered), build, characters)]


def _shaped(query):
    """(shape, terms): a query of OneWords under And and Or, as its form and its index terms in order."""
    if isinstance(query, OneWord):
        terms = query.query_string.split()
        return ("word", len(terms)), terms
    parts = [_shaped(subquery) for subquery in query.subqueries]
    return (type(query), tuple(shape for shape, _terms in parts)), [
        term for _shape, terms in parts for term in terms
    ]


def _rebuilt(shape, terms):
    """The query of ``shape`` (``_shaped``) around ``terms``."""
    terms = iter(terms)

    def rebuilt(shape):
        kind, inner = shape
        if kind == "word":
            return OneWord([next(terms) for _ in range(inner)])
        return kind([rebuilt(part) for part in inner])

    return rebuilt(shape)


def _partial(source, words, characters, complete):
    """Pages holding some of the words, rarest and title matches first (each word's rows cut at LIMIT)."""
    # How rare a word is, over the whole site: the filters narrow what is shown, not what a word means.
    total = max(indexed_rows(Page), 1)
    # A word split into its parts counts once in all, not once per part.
    found = {}
    matches = []
    for word in words:
        for part in word.parts():
            rows = _search(source, part.expression())
            found.update(rows)
            matches.append((part, set(rows), word.weight() / len(word.parts())))
    # Unordered: read in the table's order, not walked along the tree's paths (9 ms → 2 ms at 10,000 pages).
    matches += [(character, set(_titled(source, [character], ordered=False)), 1) for character in characters]
    candidates = set(found) - set(complete)
    # Each word's points, rarer words more; a word found in the title counts double.
    weighed = [(ids, share * math.log(1 + total / len(ids)), word) for word, ids, share in matches if ids]

    def score(pk):
        title = found[pk][0]
        return sum(
            points * (TITLE_WEIGHT if not isinstance(word, Word) or word.in_title(title) else 1)
            for ids, points, word in weighed
            if pk in ids
        )

    published = {pk: found[pk][1] for pk in candidates}
    newest = sorted(candidates, key=lambda pk: (published[pk] is not None, published[pk], pk), reverse=True)
    return sorted(newest, key=score, reverse=True)


def find(pages, raw, enough=ENOUGH):
    """The pages of `pages` that answer the query `raw`, ranked (see the module's docstring)."""
    words, characters = read(raw)
    names = [name for word in words for name in word.names]
    source = statements.Source(pages)
    if not words:
        if not characters:
            return Found()
        ids = _titled(source, characters, ordered=True)
        return Found(ids, len(ids), [], characters)
    ids = _complete(source, words, characters)
    complete = len(ids)
    # Partial matches hold some of the words: of two or more, or of one word's parts
    # when lone characters come with it. Lone characters only rank: with one word
    # and no parts, every page holding it is already a complete match.
    some_of_the_words = len(words) > 1 or (characters and len(words[0].parts()) > 1)
    if complete < enough and some_of_the_words:
        ids = ids + _partial(source, words, characters, ids)
    return Found(ids, complete, names, characters)


# The API's ?search= goes through Wagtail's search backend; inside
# `answering_questions()` the backend answers it with `find` (home.search_backend).
questions = ContextVar("questions", default=False)


@contextmanager
def answering_questions():
    token = questions.set(True)
    try:
        yield
    finally:
        questions.reset(token)


def ranked(queryset, found, keep_order=False):
    """`queryset` narrowed to `found`, in its rank unless the caller orders it."""
    narrowed = queryset.filter(pk__in=found.ids)
    if keep_order or not found.ids:
        return narrowed
    order = Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(found.ids)), output_field=IntegerField())
    return narrowed.order_by(order)
