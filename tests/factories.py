import factory
import wagtail_factories

from home.models import HomePage, SectionIndexPage, SectionPage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "首都科普"
    slug = "home"

    class Meta:
        model = HomePage


class SectionIndexPageFactory(wagtail_factories.PageFactory):
    title = "区科协"
    slug = "districts"

    class Meta:
        model = SectionIndexPage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"测试区科协{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    kind = SectionPage.Kind.DISTRICT

    class Meta:
        model = SectionPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"科普页面{n}")
    body = [("paragraph", "<p>节约用水，从我做起。</p>")]

    class Meta:
        model = StandardPage
