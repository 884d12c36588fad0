from .index import EventIndexPage
from .occurrences import Occurrence, OccurrenceRow
from .pages import CalendarEntry, EventDateChange, EventPage, EventPageTag, FestivalPage
from .schedule import DateChange, Frequency, Schedule, Status
from .tours import TourPage, TourStop
from .venues import District, Venue

__all__ = [
    "CalendarEntry",
    "DateChange",
    "District",
    "EventDateChange",
    "EventIndexPage",
    "EventPage",
    "EventPageTag",
    "FestivalPage",
    "Frequency",
    "Occurrence",
    "OccurrenceRow",
    "Schedule",
    "Status",
    "TourPage",
    "TourStop",
    "Venue",
]
