"""
The request's site, its home page and its settings are kept until an editor
changes them (home.sites): each change made in the admin reaches the very next
request, and breadcrumbs come from the pages routing read on the way.
"""

from wagtail.models import Page, Site

from events.tests.fixtures import add_event, soon

KIDS = "kids.example.org"


def crumbs(html):
    trail = html.split('<nav class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    return [part.split('"', 1)[0] for part in trail.split('<a href="')[1:]]


def test_breadcrumbs_follow_the_way_to_the_page_and_to_its_preview(admin_client, client, calendar, haidian):
    event = add_event(haidian, "科学实验秀", soon(3, 14))
    expected = [page.url for page in Page.objects.ancestor_of(event).filter(depth__gte=2)]
    assert expected == ["/", "/districts/", "/districts/haidian/"]

    assert crumbs(client.get(event.url).content.decode()) == expected
    assert crumbs(client.get(event.url).content.decode()) == expected, "the kept home page, again"
    draft = admin_client.get(f"/admin/pages/{event.pk}/view_draft/")  # not reached through routing
    assert draft.status_code == 200 and crumbs(draft.content.decode()) == expected


def test_a_site_added_changed_and_removed_in_the_admin_serves_its_host_at_once(admin_client, client, haidian):
    def served(path="/"):
        return client.get(path, HTTP_HOST=KIDS).content.decode()

    assert '<link rel="canonical" href="http://testserver/">' in served(), (
        "no site for the host yet: the default one"
    )
    response = admin_client.post(
        "/admin/sites/new/",
        {"hostname": KIDS, "port": 80, "site_name": "少儿科普", "root_page": haidian.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert '<link rel="canonical" href="http://kids.example.org/">' in served(), "the new site, at once"
    assert "<h1>海淀区科协</h1>" in served(), "its root page"

    site = Site.objects.get(hostname=KIDS)
    response = admin_client.post(
        f"/admin/sites/edit/{site.pk}/",
        {"hostname": KIDS, "port": 8080, "site_name": "少儿科普", "root_page": haidian.pk},
    )
    assert response.status_code == 302
    assert '<link rel="canonical" href="http://kids.example.org:8080/">' in served(), "its new port, at once"

    admin_client.post(f"/admin/sites/delete/{site.pk}/")
    assert not Site.objects.filter(hostname=KIDS).exists()
    assert '<link rel="canonical" href="http://testserver/">' in served(), "the default site again, at once"


def test_settings_saved_in_the_admin_reach_the_footer_at_once(admin_client, client, home):
    site = Site.objects.get(is_default_site=True)
    assert "京ICP备20260001号" not in client.get("/").content.decode()
    response = admin_client.post(
        f"/admin/settings/home/sitesettings/{site.pk}/",
        {
            "association_name": "北京市科学技术协会",
            "short_name": "北京市科协",
            "icp_number": "京ICP备20260001号",
            "footer_links-count": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "京ICP备20260001号" in client.get("/").content.decode()
    assert "京ICP备20260001号" in client.get("/", HTTP_HOST="other.example.org").content.decode(), (
        "the default site, asked by another host"
    )
