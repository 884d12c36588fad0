"""schema.org JSON-LD for events, festivals and tour stops, from Occurrence rows."""

from home.structured_data import section_or_association

from .models import Status

EVENT_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.MOVED: "https://schema.org/EventScheduled",
    Status.RESCHEDULED: "https://schema.org/EventRescheduled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
    Status.CANCELLED: "https://schema.org/EventCancelled",
    Status.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def place(venue):
    if venue is None:
        return None
    node = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressLocality": str(venue.district_label),
            "addressRegion": "北京市",
            "addressCountry": "CN",
        },
    }
    if venue.has_geo:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return node


organizer = section_or_association


def _time(occurrence, moment):
    local = moment.astimezone(occurrence.local_start.tzinfo)
    return local.date().isoformat() if occurrence.all_day else local.isoformat()


def occurrence_node(page, occurrence, request, kind="Event"):
    node = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "startDate": _time(occurrence, occurrence.start),
        "endDate": _time(occurrence, occurrence.end),
        "eventStatus": EVENT_STATUS[occurrence.status],
        "eventAttendanceMode": OFFLINE,
        "organizer": organizer(page, request),
        "isAccessibleForFree": getattr(page, "is_free", True),
    }
    if occurrence.was_moved_in_time:
        node["previousStartDate"] = _time(occurrence, occurrence.original_start)
    location = place(occurrence.venue)
    if occurrence.status == Status.MOVED_ONLINE:
        node["eventAttendanceMode"] = ONLINE
        location = {"@type": "VirtualLocation", "url": occurrence.online_url}
    if location:
        node["location"] = location
    seats = getattr(occurrence, "seats", None)
    if seats is not None:
        node["offers"] = offer(seats, page, request)
    return node


# Sign-ups on this site as schema.org offers: free seats, their state at render time.
AVAILABILITY = {
    "open": "https://schema.org/InStock",
    "full": "https://schema.org/SoldOut",
    "not-open": "https://schema.org/PreOrder",
    "closed": "https://schema.org/SoldOut",
    "cancelled": "https://schema.org/Discontinued",
}


def offer(seats, page, request):
    node = {
        "@type": "Offer",
        "url": request.build_absolute_uri(seats.url),
        "availability": AVAILABILITY[seats.state],
        "inventoryLevel": {"@type": "QuantitativeValue", "value": seats.left},
    }
    if getattr(page, "is_free", True):
        node.update(price="0", priceCurrency="CNY")
    if seats.opens:
        node["validFrom"] = seats.opens.isoformat()
    return node


def event_nodes(page, occurrences, request):
    return [occurrence_node(page, occurrence, request) for occurrence in occurrences]


def tour_nodes(page, stops, request):
    return [
        {
            "@context": "https://schema.org",
            "@type": "ExhibitionEvent",
            "name": f"{page.title}（{stop.venue.name}）",
            "description": page.summary,
            "url": page.get_full_url(request),
            "startDate": stop.start_date.isoformat(),
            "endDate": stop.end_date.isoformat(),
            "eventStatus": EVENT_STATUS[stop.status],
            "eventAttendanceMode": OFFLINE,
            "location": place(stop.venue),
            "organizer": organizer(page, request),
        }
        for stop in stops
    ]


def festival_node(page, request):
    node = {
        "@context": "https://schema.org",
        "@type": "Festival",
        "name": page.title,
        "description": page.theme or page.summary,
        "url": page.get_full_url(request),
        "startDate": page.start_date.isoformat(),
        "endDate": page.end_date.isoformat(),
        "eventStatus": EVENT_STATUS[Status.SCHEDULED],
        "eventAttendanceMode": OFFLINE,
        "organizer": organizer(page, request),
    }
    if page.main_venue:
        node["location"] = place(page.main_venue)
    return node
