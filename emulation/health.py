import logging

from django.db import connection
from kombu import Connection

from .celery import app

logger = logging.getLogger(__name__)


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
    """{"database": "ok" | "failing", "broker": …} for /healthz, which anyone may open: the
    cause (driver errors name internal hosts and ports) goes to the log, never to the answer."""
    report = {}
    for name, check in (("database", _database), ("broker", _broker)):
        try:
            check()
        except Exception:  # any failure is reported, never raised
            logger.warning("Health check: the %s is failing", name, exc_info=True)
            report[name] = "failing"
        else:
            report[name] = "ok"
    return report
