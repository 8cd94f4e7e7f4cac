from django.db import connection
from kombu import Connection

from .celery import app


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker_url():
    return app.conf.broker_url


def _broker():
    options = app.conf.broker_transport_options or {}
    with Connection(_broker_url(), transport_options=options, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def health_report():
    """{"database": "ok" | "error: …", "broker": …} for /healthz."""
    report = {}
    for name, check in (("database", _database), ("broker", _broker)):
        try:
            check()
        except Exception as error:  # any failure is reported, never raised
            report[name] = f"error: {error.__class__.__name__}: {error}"
        else:
            report[name] = "ok"
    return report
