"""Each pledge transition and each refusal, at the service level."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.models import Pledge, PledgeTarget

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db

S = Pledge.Status


def make(world, user=None):
    return services.create_pledge(world.campaign, 2023, user or world.official_a)


def fill(world, pledge, by=None, **fields):
    rows = [{"id": t.pk, "value": Decimal(24196) if t.number == 1 else Decimal(0)} for t in pledge.targets.all()]
    rows.append(
        {
            "number": 3,
            "name": "Tỷ lệ hòa giải thành",
            "unit_of_measure": "vụ việc",
            "direction": "at_least",
            "value": Decimal(3247),
        }
    )
    return services.update_pledge(
        pledge,
        by or world.official_a,
        pledge.version,
        fields={
            "collective_title": world.flag,
            "commitments": "Cam kết",
            "signer_name": "Trần Văn Đức",
            "signer_position": "Cục trưởng",
            **fields,
        },
        targets=rows,
        individuals=[{"full_name": "Nguyễn Văn An", "position": "Chuyên viên", "title": world.worker}],
    )


def submitted(world):
    pledge = fill(world, make(world))
    return services.submit_pledge(pledge, world.official_a)


def test_a_new_pledge_copies_the_common_targets_and_names_the_unit_head_as_signer(world):
    pledge = make(world)
    assert pledge.status == S.DRAFT and pledge.unit == world.unit_a and pledge.year == 2023
    assert [(t.number, t.name, t.value) for t in pledge.targets.order_by("number")] == [
        (1, "Số việc thi hành xong", None),
        (2, "Số báo cáo gửi chậm", Decimal(0)),
    ]
    assert pledge.signer_name == world.head_a.full_name and pledge.signer_position == "Cục trưởng"
    assert pledge.history.count() == 1 and pledge.history.first().history_user == world.official_a


def test_a_second_pledge_for_the_same_campaign_and_year_is_refused(world):
    make(world)
    with pytest.raises(ValidationError, match="đã có bản đăng ký"):
        make(world)
    assert Pledge.objects.count() == 1


def test_the_database_refuses_a_duplicate_even_without_the_service(world):
    from django.db import IntegrityError, transaction

    make(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=world.campaign, unit=world.unit_a, year=2023)


def test_units_outside_the_scope_or_years_cannot_pledge(world):
    with pytest.raises(PermissionDenied):  # the campaign is not even visible to them
        services.create_pledge(world.campaign, 2023, world.official_out)
    two_years = CampaignFactory(launching_cluster=world.cluster, kind="thematic", first_year=2022, last_year=2023)
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):  # B joined the cluster in 2023
        services.create_pledge(two_years, 2022, world.official_b)
    with pytest.raises(ValidationError, match="từ năm 2023 đến năm 2023"):
        services.create_pledge(world.campaign, 2024, world.official_a)
    assert not Pledge.objects.exists()


def test_edit_saves_targets_individuals_and_own_targets(world):
    pledge = fill(world, make(world))
    rows = list(pledge.targets.order_by("number").values_list("number", "name", "value", "campaign_target_id"))
    assert rows[0][:3] == (1, "Số việc thi hành xong", Decimal(24196))
    assert rows[2][:3] == (3, "Tỷ lệ hòa giải thành", Decimal(3247)) and rows[2][3] is None
    assert pledge.individuals.get().title == world.worker
    assert pledge.version == 2


def test_common_target_names_cannot_be_changed_or_removed(world):
    pledge = make(world)
    first = pledge.targets.get(number=1)
    services.update_pledge(
        pledge,
        world.official_a,
        pledge.version,
        targets=[
            {"id": first.pk, "name": "Đổi tên", "value": Decimal(5)},
            {"id": pledge.targets.get(number=2).pk, "value": Decimal(0)},
        ],
    )
    first.refresh_from_db()
    assert first.name == "Số việc thi hành xong" and first.value == 5
    pledge.refresh_from_db()
    with pytest.raises(ValidationError, match="Không được xóa chỉ tiêu chung"):
        services.update_pledge(pledge, world.official_a, pledge.version, targets=[{"id": first.pk, "value": 1}])
    assert pledge.targets.count() == 2


def test_titles_not_offered_by_the_campaign_are_refused(world):
    pledge = make(world)
    with pytest.raises(ValidationError):
        services.update_pledge(pledge, world.official_a, pledge.version, fields={"collective_title": world.not_offered})
    with pytest.raises(ValidationError):
        services.update_pledge(pledge, world.official_a, pledge.version, fields={"collective_title": world.worker})
    with pytest.raises(ValidationError):
        services.update_pledge(
            pledge,
            world.official_a,
            pledge.version,
            individuals=[{"full_name": "A", "position": "", "title": world.flag}],
        )
    pledge.refresh_from_db()
    assert pledge.collective_title is None and pledge.version == 1 and not pledge.individuals.exists()


def test_the_second_of_two_concurrent_saves_is_refused_and_changes_nothing(world):
    pledge = make(world)
    loaded_by_both = pledge.version
    services.update_pledge(pledge, world.official_a, loaded_by_both, fields={"commitments": "Bản của người thứ nhất"})
    with pytest.raises(ValidationError) as error:
        services.update_pledge(pledge, world.head_a, loaded_by_both, fields={"commitments": "Bản của người thứ hai"})
    assert error.value.code == "stale"
    pledge.refresh_from_db()
    assert pledge.commitments == "Bản của người thứ nhất" and pledge.version == loaded_by_both + 1


def test_negative_values_are_refused_by_the_model(world):
    pledge = make(world)
    with pytest.raises(ValidationError):
        services.update_pledge(
            pledge,
            world.official_a,
            pledge.version,
            targets=[{"id": t.pk, "value": Decimal(-1)} for t in pledge.targets.all()],
        )
    assert not PledgeTarget.objects.filter(value__lt=0).exists()


def test_submit_needs_every_value_and_a_signer(world):
    pledge = make(world)
    with pytest.raises(ValidationError, match="Số việc thi hành xong"):
        services.submit_pledge(pledge, world.official_a)
    pledge.refresh_from_db()
    assert pledge.status == S.DRAFT


def test_submit_before_the_deadline_is_on_time_and_after_it_is_late(world, monkeypatch):
    pledge = fill(world, make(world))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2023, 1, 31))
    assert services.submit_pledge(pledge, world.official_a).is_late is False
    pledge = fill(world, services.create_pledge(world.campaign, 2023, world.official_b), by=world.official_b)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2023, 2, 1))
    late = services.submit_pledge(pledge, world.official_b)
    assert late.status == S.SUBMITTED and late.is_late is True and late.submitted_by == world.official_b


def test_accept(world):
    pledge = services.accept_pledge(submitted(world), world.head_staff)
    assert pledge.status == S.ACCEPTED and pledge.reviewed_by == world.head_staff
    assert pledge.history.first().history_user == world.head_staff


def test_return_needs_a_reason_then_the_unit_fixes_and_resubmits(world):
    pledge = submitted(world)
    for reason in ["", "   "]:
        with pytest.raises(ValidationError):
            services.return_pledge(pledge, world.head_staff, reason)
    with pytest.raises(ValidationError, match="quá dài"):
        services.return_pledge(pledge, world.head_staff, "x" * 2001)
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    pledge = services.return_pledge(pledge, world.head_staff, "Nâng chỉ tiêu 1")
    assert pledge.status == S.RETURNED and pledge.return_reason == "Nâng chỉ tiêu 1"
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, fields={"commitments": "Sửa"})
    assert pledge.status == S.DRAFT
    assert services.submit_pledge(pledge, world.official_a).status == S.SUBMITTED


def test_a_returned_pledge_can_be_resubmitted_without_changes(world):
    pledge = services.return_pledge(submitted(world), world.head_staff, "Thiếu chữ ký")
    assert services.submit_pledge(pledge, world.official_a).status == S.SUBMITTED


@pytest.mark.parametrize("step", ["accept", "return", "assess"])
def test_reviewer_steps_refuse_the_wrong_state(world, step):
    pledge = fill(world, make(world))
    call = {
        "accept": lambda: services.accept_pledge(pledge, world.head_staff),
        "return": lambda: services.return_pledge(pledge, world.head_staff, "Lý do"),
        "assess": lambda: services.assess_results(pledge, world.head_staff),
    }[step]
    with pytest.raises(ValidationError):
        call()
    pledge.refresh_from_db()
    assert pledge.status == S.DRAFT


def test_an_accepted_or_closed_pledge_cannot_be_edited_or_resubmitted(world):
    pledge = services.accept_pledge(submitted(world), world.head_staff)
    with pytest.raises(ValidationError, match="Chỉ được sửa"):
        services.update_pledge(pledge, world.official_a, pledge.version, fields={"commitments": "Đổi"})
    with pytest.raises(ValidationError):
        services.submit_pledge(pledge, world.official_a)
    pledge.refresh_from_db()
    assert pledge.commitments == "Cam kết" and pledge.status == S.ACCEPTED


def report(world, pledge, actuals=None, text="Hoàn thành cơ bản"):
    targets = {t.number: t.pk for t in pledge.targets.all()}
    values = actuals or {1: Decimal(21698), 2: Decimal(0), 3: Decimal(2754)}
    return services.report_results(
        pledge, world.official_a, pledge.version, {targets[n]: v for n, v in values.items()}, text
    )


def test_results_show_met_and_rate_then_the_reviewer_assesses(world):
    pledge = services.accept_pledge(submitted(world), world.head_staff)
    pledge = report(world, pledge)
    assert pledge.status == S.RESULTS_REPORTED
    enforcement = pledge.targets.get(number=1)
    assert enforcement.actual == 21698 and enforcement.is_met is False
    assert enforcement.rate.quantize(Decimal("0.01")) == Decimal("89.68")
    assert pledge.targets.get(number=2).is_met is True  # at most 0 late reports, 0 late
    mediation = pledge.targets.get(number=3)
    assert mediation.rate.quantize(Decimal("0.01")) == Decimal("84.82")
    # The unit may correct its results until they are assessed.
    pledge = report(world, pledge, {1: Decimal(24196), 2: Decimal(1), 3: Decimal(2754)})
    assert pledge.targets.get(number=1).is_met is True and pledge.targets.get(number=2).is_met is False
    pledge = services.assess_results(pledge, world.head_staff, "Đạt")
    assert pledge.status == S.ASSESSED and pledge.assessed_by == world.head_staff
    with pytest.raises(ValidationError):
        report(world, pledge)


def test_results_need_every_actual_and_a_report_and_the_accepted_state(world):
    pledge = submitted(world)
    with pytest.raises(ValidationError, match="đã được chấp thuận"):
        report(world, pledge)
    pledge = services.accept_pledge(pledge, world.head_staff)
    with pytest.raises(ValidationError, match="còn thiếu"):
        report(world, pledge, {1: Decimal(1)})
    with pytest.raises(ValidationError):
        report(world, pledge, text="  ")
    with pytest.raises(ValidationError):
        report(world, pledge, {1: Decimal(-5), 2: Decimal(0), 3: Decimal(1)})
    pledge.refresh_from_db()
    assert pledge.status == S.ACCEPTED and not pledge.targets.filter(actual__isnull=False).exists()


def test_acting_on_another_units_pledge_is_forbidden(world):
    pledge = fill(world, make(world))
    with pytest.raises(PermissionDenied):
        services.update_pledge(pledge, world.official_b, pledge.version, fields={"commitments": "Không phải của tôi"})
    with pytest.raises(PermissionDenied):
        services.submit_pledge(pledge, world.official_b)
    pledge = services.submit_pledge(pledge, world.official_a)
    for user in (world.official_a, world.official_b, world.ministry):
        with pytest.raises(PermissionDenied):
            services.accept_pledge(pledge, user)
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED and pledge.commitments == "Cam kết"


def test_last_years_head_does_not_review_this_years_pledges(world):
    # Unit A headed the cluster in 2022; its head staff cannot review 2023 pledges.
    pledge = submitted(world)
    with pytest.raises(PermissionDenied):
        services.accept_pledge(pledge, world.head_a)


def test_a_signed_copy_is_checked_by_content(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import PDF

    pledge = make(world)
    with pytest.raises(ValidationError, match="PDF"):
        services.attach_signed_copy(pledge, world.official_a, SimpleUploadedFile("giao-uoc.pdf", b"MZ not a pdf"))
    pledge.refresh_from_db()
    assert not pledge.signed_copy
    pledge = services.attach_signed_copy(pledge, world.official_a, SimpleUploadedFile("scan.pdf", PDF))
    assert pledge.signed_copy.name.startswith("pledges/") and pledge.signed_copy.name.endswith(".pdf")
    pledge.signed_copy.delete(save=False)


def test_reminders_are_queued_after_commit_for_members_that_have_not_submitted(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("emulation.tasks.send_email.delay", lambda *args: queued.append(args))
    submitted(world)  # unit A submitted; unit B and the head unit have not
    with django_capture_on_commit_callbacks() as callbacks:
        count = services.remind_members(world.campaign, 2023, world.head_staff, base_url="http://thidua")
        assert queued == []  # nothing leaves before the transaction commits
    assert count == 2 and len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert sorted(r for _subject, _body, recipients in queued for r in recipients) == [
        "canbo_b@example.vn",
        "truong@example.vn",
    ]
    subject, body, _recipients = queued[0]
    assert "2023" in subject and "http://thidua/campaigns/" in body and "31/01/2023" in body


def test_only_the_reviewer_sends_reminders(world):
    with pytest.raises(PermissionDenied):
        services.remind_members(world.campaign, 2023, world.official_a)


def test_reminders_are_written_with_history(world, monkeypatch):
    from campaigns.models import Reminder

    monkeypatch.setattr("emulation.tasks.send_email.delay", lambda *args: None)
    services.remind_members(world.campaign, 2023, world.head_staff, base_url="http://thidua")
    assert Reminder.objects.count() == 3
    assert {h.history_user for h in Reminder.history.all()} == {world.head_staff}
    assert Reminder.history.count() == 3
