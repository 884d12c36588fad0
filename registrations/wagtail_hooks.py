from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, seats

urlpatterns = [
    path("", admin_views.DatesView.as_view(), name="index"),
    path("check-in/", admin_views.CheckInView.as_view(), name="check_in_form"),
    path("check-in/<str:code>/", admin_views.CheckInView.as_view(), name="check_in"),
    path("<int:page_id>/<slug:key>/<str:stamp>/", admin_views.RosterView.as_view(), name="roster"),
]


@hooks.register("register_admin_urls")
def register_registration_admin():
    return [
        path("registrations/", include((urlpatterns, "registrations_admin"), namespace="registrations_admin"))
    ]


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_organise(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return OrganiserMenuItem(
        _("活动报名"), reverse("registrations_admin:index"), icon_name="group", order=250
    )


@hooks.register("date_seats")
def date_seats(occurrences):
    return seats.seats_for(occurrences)
