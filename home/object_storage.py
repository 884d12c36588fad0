"""
Media on S3-compatible object storage (S3_BUCKET set; see home.storage for what is
public and private). Apart from home.storage so that a site on local disk never
imports boto3.
"""

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from .storage import PRIVATE, StorageUnavailable, is_private

FAILURES = (BotoCoreError, ClientError)


class ObjectStorage(S3Storage):
    """S3Storage whose private names get presigned URLs and whose failures say so plainly."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        if name and is_private(name):
            return self.connection.meta.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket_name, "Key": self._normalize_name(name), **(parameters or {})},
                ExpiresIn=expire or settings.MEDIA_SIGNED_URL_SECONDS,
            )
        return super().url(name, parameters, expire, http_method)

    def save(self, name, content, max_length=None):
        # Finding a free name asks the store too (HEAD), before _save: both fail alike.
        try:
            return super().save(name, content, max_length)
        except FAILURES as error:
            raise StorageUnavailable(str(error)) from error

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except FAILURES as error:
            raise StorageUnavailable(str(error)) from error

    def copy(self, old_name, new_name):
        """A copy inside the store: no bytes pass through this server."""
        try:
            self.bucket.Object(self._normalize_name(new_name)).copy_from(
                CopySource={"Bucket": self.bucket_name, "Key": self._normalize_name(old_name)}
            )
        except FAILURES as error:
            raise StorageUnavailable(str(error)) from error

    def delete(self, name):
        try:
            super().delete(name)
        except FAILURES as error:
            raise StorageUnavailable(str(error)) from error

    def verify(self):
        """Refuse to start with a bucket we cannot write to: wrong keys, wrong bucket, store unreachable."""
        probe = f"{PRIVATE}.kepu-start-check"
        try:
            self.bucket.Object(probe).put(Body=b"ok")
            self.bucket.Object(probe).delete()
        except FAILURES as error:
            raise ImproperlyConfigured(
                f"S3_BUCKET {self.bucket_name!r} at {self.endpoint_url or 'AWS'} cannot be written with "
                f"the configured S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: {error}"
            ) from None
