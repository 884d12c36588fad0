"""
``{% srcset_image %}`` as Wagtail draws it, with each tag's filters parsed once.

Wagtail's node makes new ``Filter`` objects on every render, and each parses
its spec and checks every operation's arguments again (``inspect``): half of a
logo's cost, eleven times on the home page. A tag's specs are fixed when the
template is compiled, so its filters are too. Load ``image_tags`` instead of
``wagtailimages_tags`` for ``srcset_image``.
"""

import functools

from django import template
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


class SrcsetImageNode(wagtailimages_tags.SrcsetImageNode):
    @functools.cached_property
    def filters(self):
        return super().get_filters()

    def get_filters(self):
        return self.filters


@register.tag
def srcset_image(parser, token):
    parsed = wagtailimages_tags.image(parser, token)  # Wagtail's own parsing and errors
    return SrcsetImageNode(
        parsed.image_expr, parsed.filter_specs, attrs=parsed.attrs, output_var_name=parsed.output_var_name
    )
