from django.utils import timezone
from wagtail import hooks

from home.dashboard import UPCOMING_HOOK


@hooks.register(UPCOMING_HOOK)
def section_upcoming_dates(section, limit):
    """A section's next dates, from the Occurrence table, for its people's dashboard."""
    from .models import Occurrence

    return list(
        Occurrence.objects.filter(section=section, end__gte=timezone.now())
        .select_related("page")
        .order_by("start")[:limit]
    )
