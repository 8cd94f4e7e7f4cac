"""Demo: one client of the read API (its token is unknown: the demo shows the clients' page, and
``manage.py api_client create`` gives a token to try the API with)."""

import hashlib

from django.contrib.auth import get_user_model

from emulation.models import Unit

from .models import ApiClient, Scope


def load():
    by = get_user_model().objects.filter(username="bo").first()
    if by is None or ApiClient.objects.filter(name="Cổng thông tin điện tử Bộ Tư pháp").exists():
        return
    ApiClient.objects.create(
        name="Cổng thông tin điện tử Bộ Tư pháp",
        owner_unit=Unit.objects.filter(name="Văn phòng Bộ").first(),
        contact="Trung tâm Công nghệ thông tin",
        scopes=[Scope.STRUCTURE, Scope.AWARDS],
        # A hash no token has: the demo's client cannot be used, only seen and revoked.
        token_hash=hashlib.sha256(b"demo client without a token").hexdigest(),
        token_hint="demo",
        created_by=by,
    )
