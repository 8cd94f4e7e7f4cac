from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_production():
    """A server started without DEBUG must have its own SECRET_KEY."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_DEV_KEY:
        raise ImproperlyConfigured("SECRET_KEY is not set. Set SECRET_KEY for production, or DEBUG=1 for development.")
