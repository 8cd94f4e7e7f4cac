import rules
from django.urls import reverse

from . import registry


def _is_active(path, url):
    return path == url or (url != "/" and path.startswith(url))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in registry.nav_items:
        # the rule itself, not user.has_perm: Django's ModelBackend would cost two queries a page
        if item.permission and not rules.has_perm(item.permission, user):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": _is_active(request.path, url)})
    return {"nav_items": items}
