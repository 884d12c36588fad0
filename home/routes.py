"""Pages with routes of their own (feeds, iCal, speakers, venues), addressed by route name."""

from wagtail.contrib.routable_page.models import RoutablePageMixin


class Routes(RoutablePageMixin):
    def route_url(self, name, *args):
        """The site-relative URL of the route ``name``: never spelled by hand next to its @path."""
        return self.url + self.reverse_subpage(name, args=args)
