"""schema.org JSON-LD for a lecture: its Event (from the calendars) and, once recorded, its VideoObject."""

from django.utils.html import strip_tags

from events.structured_data import event_nodes, organizer
from home.structured_data import person


def video_node(lecture, request):
    video = lecture.video
    page_url = lecture.get_full_url(request)
    node = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "@id": f"{page_url}#video",
        "name": lecture.title,
        "description": lecture.summary or strip_tags(lecture.abstract) or lecture.title,
        "uploadDate": video.created_at.isoformat(),
        "duration": video.iso_duration,
        "contentUrl": request.build_absolute_uri(video.url),
        "encodingFormat": video.content_type,
        "inLanguage": "zh-CN",
        "publisher": organizer(lecture, request),
        "recordedAt": {"@id": f"{page_url}#event"},
    }
    if lecture.poster_url:
        node["thumbnailUrl"] = [request.build_absolute_uri(lecture.poster_url)]
    if video.width and video.height:
        node.update(width=video.width, height=video.height)
    transcript = strip_tags(lecture.transcript) or lecture.transcript_text()
    if transcript:
        node["transcript"] = transcript
    if lecture.speakers:
        node["actor"] = [_person(speaker) for speaker in lecture.speakers]
    return node


def _person(speaker):
    return person(speaker.name, speaker.title, speaker.affiliation)


def lecture_nodes(lecture, occurrences, request):
    """The lecture as an Event (each date), linked both ways with its recording when there is one."""
    page_url = lecture.get_full_url(request)
    nodes = event_nodes(lecture, occurrences, request)
    for node in nodes:
        node["@type"] = "EducationEvent"
        node["@id"] = f"{page_url}#event"
        if lecture.speakers:
            node["performer"] = [_person(speaker) for speaker in lecture.speakers]
    if lecture.video_id:
        video = video_node(lecture, request)
        for node in nodes:
            node["recordedIn"] = {"@id": video["@id"]}
        nodes.append(video)
    return nodes
