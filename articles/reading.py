"""Reading time from a StreamField body: Chinese readers manage about 400 characters a minute."""

import math
import re

from django.utils.html import strip_tags
from wagtail.rich_text import RichText

CHARACTERS_PER_MINUTE = 400
_SPACE = re.compile(r"\s+")


def plain_text(value):
    """The words a reader reads in a block value: rich text, strings, struct and list values, table cells."""
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(plain_text(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(item) for item in value)
    if hasattr(value, "block_type") and hasattr(value, "value"):  # a StreamChild
        return plain_text(value.value)
    return ""  # images, pages, booleans: nothing to read


def reading_minutes(stream):
    characters = len(_SPACE.sub("", plain_text(list(stream))))
    return max(1, math.ceil(characters / CHARACTERS_PER_MINUTE))
