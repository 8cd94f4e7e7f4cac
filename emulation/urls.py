from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import figure_views, setup_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<slug:slug>/<int:year>/figures/", figure_views.cluster_figures, name="cluster_figures"),
    path("figures/<int:pk>/remove/", figure_views.figure_remove, name="figure_remove"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("setup/<int:year>/", views.year_setup, name="year_setup"),
    # Set-up by ministry staff, without the admin (emulation/setup_views.py)
    path("setup/clusters/new/", setup_views.cluster_create, name="cluster_create"),
    path("setup/clusters/<slug:slug>/edit/", setup_views.cluster_edit, name="cluster_edit"),
    path("setup/<int:year>/clusters/<slug:slug>/members/", setup_views.cluster_members, name="cluster_members"),
    path("setup/units/new/", setup_views.unit_create, name="unit_create"),
    path("setup/units/<slug:slug>/edit/", setup_views.unit_edit, name="unit_edit"),
    path("setup/officials/import/", setup_views.officials_import, name="officials_import"),
    path("units/<slug:slug>/officials/new/", setup_views.officials_new, name="officials_new"),
    path("officials/<int:pk>/deactivate/", setup_views.official_deactivate, name="official_deactivate"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A new official sets their own password from the e-mailed link (emulation/services/accounts.py).
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Each later app mounts its own URLs under its name (namespace = app label).
urlpatterns += [
    path(f"{app}/", include(f"{app}.urls"))
    for app in ("people", "schedule", "campaigns", "scoring", "awards", "reports")
]

# The read API for other systems (docs/api.md): the data by version, its clients' page for ministry staff.
urlpatterns += [
    path("api/v1/", include("api.v1_urls")),
    path("api/", include("api.urls")),
]
