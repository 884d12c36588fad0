from .index import EventIndexPage
from .occurrences import Occurrence
from .pages import EventDateChange, EventPage, EventPageTag, FestivalPage
from .schedule import DateChange, Frequency, Schedule, Status
from .tours import TourPage, TourStop
from .venues import District, Venue

__all__ = [
    "DateChange",
    "District",
    "EventDateChange",
    "EventIndexPage",
    "EventPage",
    "EventPageTag",
    "FestivalPage",
    "Frequency",
    "Occurrence",
    "Schedule",
    "Status",
    "TourPage",
    "TourStop",
    "Venue",
]
