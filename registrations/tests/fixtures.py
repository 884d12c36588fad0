import datetime

import pytest
from django.utils import timezone

from events.models import EventPage


def whole_minutes(moment):
    return moment.replace(second=0, microsecond=0)


def make_signup_event(parent, title="亲子天文课", capacity=2, days=3, **fields):
    start = whole_minutes(timezone.localtime() + datetime.timedelta(days=days))
    event = EventPage(
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        takes_signups=True,
        capacity=capacity,
        **{"seats_per_person": 3, **fields},
    )
    parent.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def signup_event(haidian):
    return make_signup_event(haidian)
