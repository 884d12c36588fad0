import factory
import wagtail_factories

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"科普页面{n}")
    body = [("paragraph", "<p>节约用水，从我做起。</p>")]

    class Meta:
        model = StandardPage
