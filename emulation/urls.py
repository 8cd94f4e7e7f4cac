from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("setup/<int:year>/", views.year_setup, name="year_setup"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Each later app mounts its own URLs under its name (namespace = app label).
urlpatterns += [
    path(f"{app}/", include(f"{app}.urls"))
    for app in ("people", "schedule", "campaigns", "scoring", "awards", "reports")
]
