"""
Purging a caching proxy or CDN in front (wagtail.contrib.frontend_cache) without
losing a purge: Wagtail's HTTP backend logs a failure and forgets it, so a
withdrawn urgent answer could stay in the CDN. This backend keeps each failed
URL as a Delivery (home.deliveries), retried until it succeeds, and the admin
tells everyone who publishes while any is outstanding (home.wagtail_hooks).
"""

import datetime

import requests
from django.conf import settings
from django.utils import timezone
from django_tasks import task
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .deliveries import Delivery, purge_request, record_purge_failure


class RetryingHTTPBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)
        self.location = params.pop("LOCATION")

    def purge(self, url):
        try:
            response = purge_request(url, self.location)
            error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        except requests.RequestException as failure:
            error = f"{type(failure).__name__}: {failure}"
        if error is not None:
            record_purge_failure(url, self.location, error)

    def purge_batch(self, urls):
        """
        Purge now, and once more when every app server has seen the publish: a server
        may serve its page-cache copy from before it for CONTENT_VERSION_MEMO_SECONDS
        (home.content_version), and a proxy refetching in that second would keep the
        old page for its whole max-age.
        """
        urls = list(urls)
        for url in urls:
            self.purge(url)
        memo = settings.CONTENT_VERSION_MEMO_SECONDS
        if memo > 0 and urls and purge_again.get_backend().supports_defer:
            moment = timezone.now() + datetime.timedelta(seconds=memo + 0.1)
            purge_again.using(run_after=moment).enqueue(urls, self.location)


@task()
def purge_again(urls, location):
    backend = RetryingHTTPBackend({"LOCATION": location})
    for url in urls:
        backend.purge(url)


def outstanding_purges(since=None):
    """Failed purges of the last day that have not gone through yet."""
    since = since or timezone.now() - datetime.timedelta(days=1)
    return Delivery.objects.filter(
        kind=Delivery.Kind.PURGE,
        status__in=[Delivery.Status.RETRYING, Delivery.Status.GAVE_UP],
        created_at__gte=since,
    )
