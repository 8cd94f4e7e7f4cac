from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.index, name="index"),
    path("year/", views.this_year, name="this_year"),
    path("year/<int:year>/", views.year_calendar, name="year"),
    path("year/<int:year>/copy/", views.copy_year, name="copy_year"),
    path("year/<int:year>/cluster/<slug:slug>/", views.cluster_dates, name="cluster_dates"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/remind/", views.remind, name="remind"),
    path("overdue/done/", views.record_done, name="record_done"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views.open_notification, name="open_notification"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("feed/", views.feed_link, name="feed_link"),
    path("feed/<str:key>.ics", views.feed, name="feed"),
]
