"""
schema.org JSON-LD shared by every page type: the script element, people and
organisations. The association is named from its site settings, not in code.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# The same escapes as Django's json_script, so no text can close the <script>.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld(data):
    """``<script type="application/ld+json">`` for one node or a list of them."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def organization(name, url=None):
    node = {"@type": "Organization", "name": name}
    if url:
        node["url"] = url
    return node


def association(request):
    """The association that publishes the site (SiteSettings.association_name), at the site's root."""
    from .settings import SiteSettings

    return organization(SiteSettings.for_request(request).association_name, request.build_absolute_uri("/"))


def section_or_association(page, request):
    """Who organises or publishes a page: its section, else the association."""
    section = getattr(page, "section", None)
    if section is None:
        return association(request)
    return organization(section.title, section.get_full_url(request))


def person(name, job_title="", affiliation=""):
    """A schema.org Person (an expert, a speaker), with what is known of them."""
    node = {"@type": "Person", "name": name}
    if job_title:
        node["jobTitle"] = job_title
    if affiliation:
        node["affiliation"] = organization(affiliation)
    return node
