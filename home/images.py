"""
Image uploads that cannot hurt the server: a truncated or otherwise broken
file is a form error, never a 500 (Wagtail's pixel check opens the image and
let Pillow's errors through), and posters are held to the same pixel limit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

BROKEN = _("图片文件已损坏或不完整，请重新导出后再上传。")


class SafeImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception:  # Pillow's own errors for truncated or malformed files
            raise ValidationError(BROKEN, code="invalid_image") from None


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: Wagtail's image form with the safe file field."""

    file = SafeImageField(label=_("文件"))


def check_picture(upload, broken=BROKEN):
    """
    Raise a ValidationError unless ``upload`` is a readable image within
    WAGTAILIMAGES_MAX_IMAGE_PIXELS (checked from its header, before decoding it).
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    too_big = _("图片尺寸太大（%(size)s 像素），上限是 %(limit)s 像素。")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > limit:
                raise ValidationError(
                    too_big % {"size": f"{width}×{height}", "limit": f"{limit:,}"}, code="too_many_pixels"
                )
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to even open it: the header claims hundreds of millions of pixels.
        raise ValidationError(
            too_big % {"size": _("数亿"), "limit": f"{limit:,}"}, code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(broken, code="not_image") from None
    finally:
        upload.seek(0)
