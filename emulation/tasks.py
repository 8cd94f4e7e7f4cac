from celery import shared_task
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject, body, recipients):
    """Send one e-mail (reminders, notices). Queued after commit by the services."""
    return send_mail(subject, body, None, recipients)
