"""
``{% srcset_image %}`` from ``image_tags`` draws exactly what Wagtail's tag
draws, for each image it is given: its filters are parsed once per tag, and
nothing of one image is carried to the next.
"""

from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

TAG = '{% srcset_image picture fill-{56x56,112x112} format-webp sizes="56px" alt="" loading="lazy" %}'


def test_each_image_gets_its_own_renditions_as_wagtail_draws_them(db):
    ours = Template("{% load image_tags %}" + TAG)
    wagtails = Template("{% load wagtailimages_tags %}" + TAG)
    pictures = [
        get_image_model().objects.create(title=title, file=get_test_image_file(colour=colour))
        for title, colour in (("红", "red"), ("蓝", "blue"))
    ]
    pictures[1].focal_point_x, pictures[1].focal_point_y = 100, 100
    pictures[1].focal_point_width = pictures[1].focal_point_height = 50
    pictures[1].save()

    drawn = [ours.render(Context({"picture": picture})) for picture in pictures * 2]
    for picture, html in zip(pictures * 2, drawn, strict=True):
        assert html == wagtails.render(Context({"picture": picture}))
        renditions = picture.renditions.filter(filter_spec__startswith="fill-")
        assert sorted(rendition.url for rendition in renditions) == sorted(
            part.split()[0] for part in html.split('srcset="', 1)[1].split('"', 1)[0].split(", ")
        )
    assert drawn[0] != drawn[1], "the second image's renditions, not the first's"
