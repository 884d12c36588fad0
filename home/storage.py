"""
Where uploaded files live, and who may read them.

Local disk (MEDIA_ROOT) by default, so `make run` needs nothing else; S3-compatible
object storage when S3_BUCKET is set (django-storages), so any number of app
servers share one copy. Either way a file is public or private by its name:

- under PRIVATE_PREFIXES (a recording no published lecture shows yet, every
  document) it has no public URL. `url()` gives a signed one that expires after
  MEDIA_SIGNED_URL_SECONDS: the editor's admin and the preview play it, a copied
  link stops working. Documents are reached through Wagtail's document view,
  which checks their collection's privacy first and then redirects to this URL.
- everything else (image renditions, posters, published recordings) has a plain
  URL under MEDIA_URL, cacheable by a CDN. On object storage the bucket's policy
  lets anyone read only PUBLIC_PREFIXES (`bucket_policy`; README, Media).

A store that is down or refuses us raises StorageUnavailable, which the admin
answers with a clear message (home.middleware) and nothing half-saved.
"""

import json
import os
import shutil
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

PRIVATE = "private/"
PRIVATE_PREFIXES = (PRIVATE, "documents/")
PUBLIC_PREFIXES = ("images/", "original_images/", "media/", "media_thumbnails/")
_SALT = "kepu.media.signed"


class StorageUnavailable(OSError):
    """The media store could not be reached or refused us; nothing was stored."""

    message = _("媒体存储暂时不可用，文件没有保存。请稍后重新上传；页面上的其他内容不受影响。")


def is_private(name):
    return name.lstrip("/").startswith(PRIVATE_PREFIXES)


def public_name(name):
    return name[len(PRIVATE) :] if name.startswith(PRIVATE) else name


def private_name(name):
    return name if name.startswith(PRIVATE) else PRIVATE + name


# Signed links to private files on local disk (served by home.media_serve.serve_signed_media).


def _signature(name, expires):
    return salted_hmac(_SALT, f"{name}\n{expires}").hexdigest()


def signed_local_url(name, seconds=None):
    expires = int(time.time()) + (seconds or settings.MEDIA_SIGNED_URL_SECONDS)
    query = urlencode({"expires": expires, "signature": _signature(name, expires)})
    return f"{reverse('signed_media', args=[name])}?{query}"


def signature_valid(name, expires, signature):
    """True while a link made by signed_local_url for `name` has not expired."""
    try:
        expires = int(expires)
    except (TypeError, ValueError):
        return False
    return expires >= time.time() and constant_time_compare(_signature(name, expires), signature or "")


class LocalMediaStorage(FileSystemStorage):
    def url(self, name):
        if name and is_private(name):
            return signed_local_url(name)
        return super().url(name)

    def copy(self, old_name, new_name):
        """A second name for the same bytes: a hard link where the disk allows, else a copy."""
        target = self.path(new_name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(self.path(old_name), target)
        except FileExistsError:
            pass
        except OSError:
            shutil.copyfile(self.path(old_name), target)

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as error:  # a full or read-only disk
            raise StorageUnavailable(str(error)) from error


def object_storage_options(environ):
    """STORAGES["default"] for S3_BUCKET and friends, and the public base URL of its files."""
    bucket = environ["S3_BUCKET"]
    endpoint = environ.get("S3_ENDPOINT_URL") or None
    public = environ.get("S3_PUBLIC_URL") or (
        f"{endpoint.rstrip('/')}/{bucket}" if endpoint else f"https://{bucket}.s3.amazonaws.com"
    )
    parts = urlsplit(public)
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": environ.get("S3_REGION") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID", ""),
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY", ""),
        "addressing_style": "path" if endpoint else None,
        "signature_version": "s3v4",
        # Public files get plain URLs on the CDN's (or bucket's) host; private ones are signed by url().
        "custom_domain": parts.netloc + parts.path.rstrip("/"),
        "url_protocol": f"{parts.scheme}:",
        "querystring_auth": False,
        "file_overwrite": False,
    }
    return {"BACKEND": "home.object_storage.ObjectStorage", "OPTIONS": options}, public.rstrip("/") + "/"


def bucket_policy(bucket):
    """The bucket policy that makes PUBLIC_PREFIXES, and nothing else, readable by anyone."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicMedia",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                }
            ],
        }
    )


def verify_default_storage():
    """At start-up (gunicorn.conf.py): stop with a clear error if the configured store refuses us."""
    from django.core.files.storage import default_storage

    verify = getattr(default_storage, "verify", None)
    if verify is not None:
        verify()
