"""Demo calendars for 2024, 2025 and 2026 after the Ministry's usual yearly guidance
(domain.md: set-up and pledges in the first quarter, sơ kết around June, results and
self-scoring in the autumn, cluster conferences in December, dossiers, council and
decisions early the next year), and a few notifications so the bell has something to show.
Safe to run twice. The guidance letters' numbers are not known: the basis says so."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from .models import Actor, Notification, NotificationKind, Step, StepKind

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15; Thông tư 11/2023/TT-BTP"

# kind, (month, day, years after the calendar's year), who acts, reminder days before, every … days late
CYCLE = [
    (StepKind.PLEDGE, (3, 31, 0), Actor.UNITS, 10, 3),
    (StepKind.MID_YEAR, (7, 10, 0), Actor.UNITS, 7, 3),
    (StepKind.RESULTS, (11, 15, 0), Actor.UNITS, 10, 2),
    (StepKind.REVIEW, (12, 5, 0), Actor.OFFICE, 5, 2),
    (StepKind.CONFERENCE, (12, 20, 0), Actor.CLUSTER_HEADS, 14, 3),
    (StepKind.DOSSIERS, (1, 10, 1), Actor.CLUSTER_HEADS, 7, 1),
    (StepKind.COUNCIL, (2, 15, 1), Actor.OFFICE, 7, 0),
    (StepKind.DECISIONS, (3, 31, 1), Actor.OFFICE, 7, 0),
]


def _basis(year):
    return f"Hướng dẫn công tác thi đua, khen thưởng năm {year} của Bộ Tư pháp [cần xác minh số hiệu]; {LAW}"


def _calendar(year):
    for kind, (month, day, later), actor, before, every in CYCLE:
        Step.objects.get_or_create(
            year=year,
            kind=kind,
            defaults={
                "due_date": date(year + later, month, day),
                "actor": actor,
                "basis": _basis(year),
                "remind_days_before": before,
                "remind_every_days_late": every,
                "blocking": kind == StepKind.DOSSIERS,
                "note": "Hồ sơ gửi muộn không được xét." if kind == StepKind.DOSSIERS else "",
            },
        )


NOTES = [
    ("canbo", NotificationKind.RETURNED, "Bản đăng ký thi đua năm 2023 bị trả lại: bổ sung chỉ tiêu hòa giải."),
    ("canbo", NotificationKind.REMINDER, "Báo cáo kết quả và tự chấm điểm năm 2026 đã quá hạn."),
    ("truongcum", NotificationKind.VOTE_OPENED, "Phiên bỏ phiếu bình xét Cờ thi đua năm 2023 đã mở."),
    ("bo", NotificationKind.REPORT_READY, "Báo cáo tổng kết toàn ngành năm 2023 đã sẵn sàng."),
]


def _notifications():
    users = {user.username: user for user in get_user_model().objects.filter(username__in={n[0] for n in NOTES})}
    for username, kind, text in NOTES:
        if username in users:
            Notification.objects.get_or_create(
                user=users[username], kind=kind, text=text, defaults={"url": reverse("schedule:index")}
            )


@transaction.atomic
def load():
    for year in (2024, 2025, 2026):
        _calendar(year)
    _notifications()
