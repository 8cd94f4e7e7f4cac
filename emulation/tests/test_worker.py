import pytest
from django.core import mail

from emulation.tasks import send_email
from emulation.testing import wait_until

pytestmark = pytest.mark.worker


def test_a_task_runs_through_a_real_worker_on_the_configured_broker(celery_worker, celery_test_app):
    assert not celery_test_app.conf.task_always_eager
    send_email.delay("Nhắc nộp đăng ký thi đua", "Hạn nộp: 31/01/2024", ["canbo@example.vn"])
    wait_until(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].subject == "Nhắc nộp đăng ký thi đua"
