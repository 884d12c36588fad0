"""What can be created where: the page tree of DESIGN.md, enforced for editors."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, SectionIndexPage, SectionPage, StandardPage
from home.sections import setup_section
from tests.factories import StandardPageFactory
from tests.fixtures import tree_roots


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_section_index_lives_under_home_and_holds_sections(self):
        self.assertAllowedParentPageTypes(SectionIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(SectionIndexPage, {SectionPage})

    def test_sections_live_only_under_a_section_index(self):
        self.assertAllowedParentPageTypes(SectionPage, {SectionIndexPage})
        self.assertCanNotCreateAt(HomePage, SectionPage)
        self.assertCanNotCreateAt(SectionPage, SectionPage)

    def test_sections_hold_their_own_events_tours_lectures_articles_and_pages(self):
        from articles.models import ArticlePage, ClarificationPage
        from events.models import EventPage, FestivalPage, TourPage
        from lectures.models import LecturePage, LectureSeriesPage

        self.assertAllowedSubpageTypes(
            SectionPage,
            {StandardPage, EventPage, TourPage, LectureSeriesPage, LecturePage, ArticlePage},
        )
        # Festivals span sections and clarifications take the duty experts' fast lane.
        self.assertCanNotCreateAt(SectionPage, FestivalPage)
        self.assertCanNotCreateAt(SectionPage, ClarificationPage)

    def test_lectures_live_in_a_series_or_a_section(self):
        from lectures.models import LecturePage, LectureSeriesPage

        self.assertAllowedParentPageTypes(LectureSeriesPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(LectureSeriesPage, {LecturePage})
        self.assertAllowedParentPageTypes(LecturePage, {LectureSeriesPage, SectionPage})
        self.assertAllowedSubpageTypes(LecturePage, set())

    def test_standard_pages_go_under_home_sections_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, SectionPage, StandardPage})
        self.assertCanNotCreateAt(SectionIndexPage, StandardPage)


class PagesRenderTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = tree_roots()
        Page.objects.child_of(root).delete()
        cls.home = root.add_child(instance=HomePage(title="首都科普", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.section = setup_section(kind="society", name="北京天文学会", slug="astronomy", summary="观星")
        cls.page = StandardPageFactory(parent=cls.section, title="观星入门")

    def test_every_page_type_renders(self):
        for page in [self.home, self.section.get_parent(), self.section, self.page]:
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page.specific)

    def test_section_index_groups_sections_by_kind(self):
        setup_section(kind="society", name="北京地震学会", slug="seismology")
        response = self.client.get(self.section.get_parent().url)
        self.assertContains(response, "北京天文学会")
        self.assertContains(response, "北京地震学会")
        self.assertContains(response, '<span class="count">2</span>', html=True)

    def test_section_page_lists_its_own_recent_pages_only(self):
        other = setup_section(kind="society", name="北京地震学会", slug="seismology")
        StandardPageFactory(parent=other, title="家庭防震手册")
        response = self.client.get(self.section.url)
        self.assertContains(response, "观星入门")
        self.assertNotContains(response, "家庭防震手册")
