from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("<int:page_id>/<slug:key>/<str:stamp>/", views.signup, name="signup"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
    path("ticket/<str:code>/cancel/", views.cancel, name="cancel"),
    path("ticket/<str:code>/calendar.ics", views.ticket_calendar, name="ticket_calendar"),
]
