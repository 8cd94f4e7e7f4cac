"""The project's URLs plus the bench-only admin sites (``pages.mount_admin_pages``),
used as ROOT_URLCONF while ``make bench`` times pages in-process."""

from emulation.urls import urlpatterns as project_patterns

urlpatterns = list(project_patterns)


def add(patterns):
    from django.urls import clear_url_caches

    urlpatterns.extend(patterns)
    clear_url_caches()
