"""
Synonyms the association keeps for search (雾霾 = PM2.5, 新冠 = 新型冠状病毒):
editable in the admin, applied when a query is read (home.questions), so a
change takes effect on the next search without re-indexing anything.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import content_version

SEPARATORS = re.compile(r"[\s,，、=＝;；/|]+")
MAX_WORDS = 12


def split_words(text):
    """雾霾 = PM2.5，灰霾 → ['雾霾', 'PM2.5', '灰霾'] (each once, in order)."""
    found = []
    for word in SEPARATORS.split(text or ""):
        if word and word.lower() not in (each.lower() for each in found):
            found.append(word)
    return found


class SearchSynonym(models.Model):
    words = models.CharField(
        _("同义词"),
        max_length=200,
        help_text=_("同一个意思的几种说法，用空格、逗号或等号分开，例如：雾霾 = PM2.5 = 灰霾"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["words"]

    def __str__(self):
        return " = ".join(split_words(self.words))

    def clean(self):
        words = split_words(self.words)
        if len(words) < 2:
            raise ValidationError({"words": _("至少填两个说法，用空格、逗号或等号分开。")})
        if len(words) > MAX_WORDS:
            raise ValidationError({"words": _("一组最多 %(count)d 个说法。") % {"count": MAX_WORDS}})
        self.words = " = ".join(words)


def synonym_groups():
    """word (lower case) → every way of saying it, itself first; read once per content version (a save moves it)."""
    return content_version.kept(("search-synonyms",), _read_groups)


def _read_groups():
    groups = {}
    for text in SearchSynonym.objects.values_list("words", flat=True):
        words = split_words(text)
        for word in words:
            groups.setdefault(word.lower(), [word] + [other for other in words if other != word])
    return groups
