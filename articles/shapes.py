"""The shapes the apps read clarifications in (typed in the v3 API's OpenAPI document)."""

import datetime

from ninja import Schema


class EvidenceOut(Schema):
    title: str
    publisher: str
    url: str
    date: datetime.date | None


class UpdateOut(Schema):
    date: datetime.datetime
    note: str
