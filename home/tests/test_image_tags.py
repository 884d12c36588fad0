"""
``{% srcset_image %}`` from ``image_tags`` draws exactly what Wagtail's tag
draws, for each image it is given: its filters are parsed once per tag, and
nothing of one image is carried to the next.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

TAG = '{% srcset_image picture fill-{56x56,112x112} format-webp sizes="56px" alt="" loading="lazy" %}'


def test_each_image_gets_its_own_renditions_as_wagtail_draws_them(home):
    ours = Template("{% load image_tags %}" + TAG)
    wagtails = Template("{% load wagtailimages_tags %}" + TAG)
    pictures = [
        get_image_model().objects.create(title=title, file=get_test_image_file(colour=colour))
        for title, colour in (("红", "red"), ("蓝", "blue"))
    ]
    pictures[1].focal_point_x, pictures[1].focal_point_y = 100, 100
    pictures[1].focal_point_width = pictures[1].focal_point_height = 50
    pictures[1].save()

    def srcset(html):
        return sorted(part.split()[0] for part in html.split('srcset="', 1)[1].split('"', 1)[0].split(", "))

    drawn = [ours.render(Context({"picture": picture})) for picture in pictures * 2]
    for picture, html in zip(pictures * 2, drawn, strict=True):
        assert html == wagtails.render(Context({"picture": picture}))
        renditions = picture.renditions.filter(filter_spec__startswith="fill-")
        assert sorted(rendition.url for rendition in renditions) == srcset(html)
    assert not set(srcset(drawn[0])) & set(srcset(drawn[1])), "no size of the first image in the second's"


def test_a_replaced_logo_reaches_the_home_page_at_once(client, admin_client, home, haidian):
    """A visitor sees the logo, an editor uploads a new file over it, the visitor looks again."""
    logo = get_image_model().objects.create(title="海淀科协标志", file=get_test_image_file(colour="red"))
    haidian.logo = logo
    haidian.save_revision().publish()

    def logo_urls():
        html = client.get("/").content.decode()
        card = html.split('class="card section-card"', 1)[1].split("</a>", 1)[0]
        return {part.split()[0] for part in card.split('srcset="', 1)[1].split('"', 1)[0].split(", ")}

    before = logo_urls()
    assert logo_urls() == before
    response = admin_client.post(
        f"/admin/images/{logo.pk}/",
        {
            "title": logo.title,
            "file": SimpleUploadedFile("new-logo.png", get_test_image_file(colour="blue").file.getvalue()),
            "collection": logo.collection_id,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    after = logo_urls()
    assert after.isdisjoint(before), "the new file's sizes, not the deleted ones"
    assert after == {
        rendition.url for rendition in logo.renditions.filter(filter_spec__startswith="fill-56")
    } | {rendition.url for rendition in logo.renditions.filter(filter_spec__startswith="fill-112")}
