"""
Seats left on the dates that take sign-ups on this site. The registrations app
answers through the ``date_seats`` Wagtail hook: a function given Occurrence
rows returns ``{occurrence.pk: seats}``, each with ``left``, ``state`` (open,
full, not-open, closed), ``label`` and ``url``. Without it no date shows seats.
"""

from wagtail import hooks


def attach(occurrences):
    """The rows as a list, each that takes sign-ups with a ``seats`` attribute (one query in all)."""
    occurrences = list(occurrences)
    taking = [occurrence for occurrence in occurrences if occurrence.takes_signups]
    if taking:
        found = {}
        for seats_of in hooks.get_hooks("date_seats"):
            found.update(seats_of(taking))
        for occurrence in taking:
            occurrence.seats = found.get(occurrence.pk)
    return occurrences


def any_taking(occurrences):
    return any(occurrence.takes_signups for occurrence in occurrences)
