"""
Chinese word segmentation, applied the same way when pages are indexed and when
people search.

Wagtail's database search backends (SQLite FTS5, PostgreSQL tsvector) split text
on spaces and punctuation, so a run of Han characters is one token: 地震 could
not be found in 地震会不会引发海啸. We put spaces between jieba's words (its
"search" mode also emits the shorter words inside long ones: 首都科学讲堂 →
首都 科学 讲堂 首都科学讲堂) before text reaches the index, and do the same to
queries. The layer is two things only: `SegmentedIndexMixin` for models and
`segment_query` for the search view.

jieba also learns the platform's own names (sections, festivals, venues, lecture
series): each model names its fields with `DictionaryWordsMixin`. Every process
reloads them when the content version (home.content_version) moves on, so a
name published through one gunicorn worker is a word in all of them.
"""

import copy
import functools
import re
import threading
import time
from pathlib import Path

import jieba
from django.apps import apps
from django.db import DatabaseError
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

USER_DICTIONARY = Path(__file__).resolve().parent / "dict" / "science.txt"
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 12
# Another process's newly published names become words here within this long.
NAMES_CHECK_SECONDS = 1.0

# Words that carry no meaning on their own in a query; dropping them lets
# questions such as 地震了怎么办 match pages that never say 了.
_STOPWORDS = (
    "的 了 吗 呢 吧 啊 是 在 和 与 及 或 会 要 能 就 都 也 还 又 把 被 让 给 对 从 到 为 着 过 么 "
    "什么 怎么 怎么办 怎样 为什么 如何 是否 哪些 哪里 多少 有没有 是不是 真的 "
    "有 要 我 你 他 她 它 这 那 个 该 哪 啥 得 之 以 而 几 请 咋 "
    "请问 有什么 有哪些 怎么样 为何 哪个 哪儿 咋办 应该 可以 需要 一下 一些 我们 大家 时候 什么时候 来 去 来了"
)
QUERY_STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"\w", re.UNICODE)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAN_RUN = re.compile(_HAN + "{2,}")
_ALL_HAN = re.compile(_HAN + "+")
_lock = threading.Lock()
_ready = False
_names_version = None
_names_checked_at = float("-inf")


class DictionaryWordsMixin:
    """
    A model whose names are words of their own (海淀区科协, 首都科学讲堂), found
    whole as well as by their parts: ``dictionary_fields`` names the fields.
    """

    dictionary_fields = ()

    def search_dictionary_words(self):
        return [getattr(self, name) for name in self.dictionary_fields]

    @classmethod
    def all_dictionary_words(cls):
        return [word for row in cls._default_manager.values_list(*cls.dictionary_fields) for word in row]


def _tokeniser():
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
                jieba.load_userdict(str(USER_DICTIONARY))
                _ready = True
    return jieba


def preload_dictionary():
    """Load jieba's dictionaries now: in gunicorn's master before it forks, so no visitor waits 1-2 s."""
    _tokeniser()
    is_verb("应对")


def load_platform_names():
    """
    Add the names stored in the database, again whenever the content version
    has moved on; retried until the database answers.
    """
    global _names_version, _names_checked_at
    from .content_version import current

    if time.monotonic() < _names_checked_at + NAMES_CHECK_SECONDS:
        return
    try:
        version = current()
        _names_checked_at = time.monotonic()
        if version == _names_version:
            return
        names = [
            word
            for model in apps.get_models()
            if issubclass(model, DictionaryWordsMixin) and model.dictionary_fields
            for word in model.all_dictionary_words()
        ]
    except (DatabaseError, RuntimeError):
        return  # no database yet (migrations, tests without DB access): try next time
    add_words(names)
    _names_version = version


def add_words(words):
    """Teach the tokeniser the platform's own names (sections, festivals, venues, series)."""
    tokeniser = _tokeniser()
    for word in words:
        word = (word or "").strip()
        if len(word) > 1 and not word.isascii():
            tokeniser.add_word(word, freq=20000)


def words(text):
    """The words of `text` as the index and the queries see them (lower-cased, no punctuation)."""
    load_platform_names()
    return [
        token.lower()
        for token in _tokeniser().cut_for_search(force_str(text))
        if _WORD.search(token) and not token.isspace()
    ]


def bigrams(text):
    """Every pair of neighbouring Han characters in `text`."""
    pairs = []
    for run in _HAN_RUN.findall(text):
        pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def segment(text):
    """
    Index form of `text`: jieba's words, then the Han bigrams of the text.

    jieba alone cuts the same characters differently in different contexts
    (节水龙头 alone is 节水/龙头, inside 一只节水龙头 it is 节/水龙头), so a
    word the reader types may never appear as a word in the index. Bigrams of
    the text, matched by the bigrams of each query word, find it regardless.
    """
    text = force_str(text)
    return " ".join(term for term in words(text) + bigrams(text) if term not in QUERY_STOPWORDS)


def _is_han(text):
    return bool(_ALL_HAN.fullmatch(text))


def terms_of(word):
    """The index terms that must all match for `word` to be found: a Chinese word's bigrams."""
    if not _is_han(word):
        return [word.replace("_", "")]
    return bigrams(word) or [word]


def _tokens(raw, phrases):
    """jieba's tokens of `raw`, except that each of `phrases` found in it is one token."""
    raw = (raw or "")[:MAX_QUERY_LENGTH]
    pattern = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True) if phrase)
    pieces = re.split(f"({pattern})", raw, flags=re.IGNORECASE) if pattern else [raw]
    tokens = []
    for n, piece in enumerate(pieces):
        if n % 2:
            tokens.append(piece.lower())
        else:
            tokens.extend(token.lower().strip() for token in _tokeniser().cut(piece))
    return tokens


def query_parts(raw, phrases=()):
    """
    A reader's query as (words, characters). Stopwords and punctuation are
    dropped; a lone character is joined to its neighbour (节/水龙头 → 节水,
    雾/霾 → 雾霾); one with no neighbour to join (防 in 雾霾怎么防) is left
    in `characters`, for matching inside titles. `phrases` (the synonyms)
    are kept whole.
    """
    load_platform_names()
    tokens = _tokens(raw, phrases)
    words, characters = [], []
    for i, token in enumerate(tokens):
        if not _WORD.search(token.replace("_", "")) or token in QUERY_STOPWORDS:
            continue
        if not _is_han(token) or len(token) > 1:
            found, into = token, words
        else:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            before = tokens[i - 1] if i else ""
            if _is_han(after[:1]) and after not in QUERY_STOPWORDS:
                found, into = token + after[0], words
            elif _is_han(before[-1:]) and before not in QUERY_STOPWORDS:
                found, into = before[-1] + token, words
            else:
                found, into = token, characters
        if found not in into:
            into.append(found)
    return words, characters


def sub_words(word):
    """The shorter words jieba finds inside `word` (流感疫苗 → 流感, 疫苗), none shorter than two characters."""
    if not _is_han(word) or len(word) < 3:
        return [word]
    found = [part for part in _tokeniser().cut_for_search(word) if len(part) > 1 and part != word]
    return list(dict.fromkeys(found)) or [word]


@functools.lru_cache(maxsize=4096)
def is_verb(word):
    """应对, 防止, 提高: in a question the verb is the asking, the nouns (地震) the subject."""
    if not _is_han(word):
        return False
    tags = [pair.flag for pair in _part_of_speech().lcut(word)]
    return tags == ["v"]


def _part_of_speech():
    import jieba.posseg

    _tokeniser()
    return jieba.posseg


def segment_query(raw):
    """
    A reader's query as space-separated index terms, all of which must match;
    '' if nothing is left: each word's bigrams (节水龙头 → 节水 水龙 龙头),
    or its lone characters when it has no words.
    """
    words, characters = query_parts(raw)
    terms = []
    for word in words or characters:
        terms.extend(term for term in terms_of(word) if term and term not in terms)
    return " ".join(terms[:MAX_QUERY_TERMS])


def query_words(raw):
    """What to highlight for a query: its space-separated parts whole, then its longer words."""
    raw = (raw or "")[:MAX_QUERY_LENGTH]
    parts = [part for part in raw.split() if _WORD.search(part)]
    longer = [
        word
        for word in words(raw)
        if word not in QUERY_STOPWORDS and (len(word) > 1 or len(raw.strip()) == 1)
    ]
    return parts + [word for word in longer if word not in parts]


def _segment_value(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_segment_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _segment_value(item) for key, item in value.items()}
    return segment(value)


class SegmentedSearchField(SearchField):
    def get_value(self, obj):
        return _segment_value(super().get_value(obj))


class SegmentedAutocompleteField(AutocompleteField):
    def get_value(self, obj):
        return _segment_value(super().get_value(obj))


def _segmented(field):
    replacement = {SearchField: SegmentedSearchField, AutocompleteField: SegmentedAutocompleteField}
    if type(field) in replacement:
        field = copy.copy(field)
        field.__class__ = replacement[type(field)]
    elif isinstance(field, RelatedFields):
        field = copy.copy(field)
        field.fields = [_segmented(sub_field) for sub_field in field.fields]
    return field


class SegmentedIndexMixin:
    """Index every SearchField and AutocompleteField of the model as segmented words."""

    @classmethod
    def get_search_fields(cls):
        return [_segmented(field) for field in super().get_search_fields()]


def segment_index_of(model):
    """
    The same for a model we do not define (Wagtail's images and documents), so
    their choosers find 图书馆 in 海淀区图书馆 too. Run `manage.py update_index`
    once after deploying: rows indexed before keep their unsegmented words.
    """
    plain = model.get_search_fields
    if getattr(plain, "segmented", False):
        return

    def get_search_fields(cls):
        return [_segmented(field) for field in plain()]

    get_search_fields.segmented = True
    model.get_search_fields = classmethod(get_search_fields)
