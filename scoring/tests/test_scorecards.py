"""The scorecard workflow as services: self-scoring, evidence, certification, submit,
review with reasons, version checks, final lock, and what the unit sees."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation.tests.factories import OfficialFactory, UnitFactory
from scoring import services
from scoring.models import Criterion, Evidence, Scorecard, ScoreEntry

from .factories import add_bands, build_table

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%minh chung\n"
TEN = D(10)


def pdf(name="minh-chung.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fill(card, by, points=TEN):
    rows = {entry.criterion_id: {"points": points, "note": ""} for entry in card.entries.all()}
    return services.save_self_scores(card, by, rows, card.version)


def test_opening_a_scorecard_makes_one_entry_per_scored_criterion(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    assert card.status == Scorecard.Status.DRAFT and card.table == table
    assert card.entries.count() == 20  # the groups are not scored themselves
    assert services.open_scorecard(unit, 2023, official) == card


def test_no_published_table_no_scorecard(unit, official):
    build_table(publish=False)
    with pytest.raises(ValidationError, match="công bố"):
        services.open_scorecard(unit, 2023, official)


def test_an_official_cannot_open_another_units_scorecard(table, unit, other_official):
    with pytest.raises(PermissionDenied):
        services.open_scorecard(unit, 2023, other_official)


def test_self_scores_are_computed_and_totalled(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    card = fill(card, official, D("7.5"))
    assert card.self_total == D(150)
    assert set(card.entries.values_list("self_points", flat=True)) == {D("7.5")}


def test_points_outside_the_range_are_refused_and_nothing_saved(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    first = card.entries.order_by("pk").first()
    rows = {first.criterion_id: {"points": D(11)}}
    with pytest.raises(ValidationError, match="0"):
        services.save_self_scores(card, official, rows, card.version)
    assert ScoreEntry.objects.get(pk=first.pk).self_points is None


def test_a_stale_form_is_refused(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    version = card.version
    fill(card, official)
    with pytest.raises(ValidationError, match="Người khác"):
        services.save_self_scores(card, official, {}, version)


def test_bands_and_proportional_are_computed_by_the_service(unit, official):
    table = build_table(groups=1, per_group=2, points=D(2))
    first, second = Criterion.objects.filter(table=table, parent__isnull=False).order_by("position")
    first.method = "bands"
    first.save()
    add_bands(first, [(0, 0, 2), (1, 2, 1.5), (3, 5, 1), (6, None, 0)])
    second.method = "proportional"
    second.save()
    card = services.open_scorecard(unit, 2023, official)
    rows = {first.pk: {"value": D(2)}, second.pk: {"value": D(21698), "planned": D(24196)}}
    card = services.save_self_scores(card, official, rows, card.version)
    points = dict(card.entries.values_list("criterion_id", "self_points"))
    assert points == {first.pk: D("1.5"), second.pk: D("1.79")}
    assert card.self_total == D("3.29")


def test_submitting_needs_every_criterion_evidence_and_certification(table, unit, official):
    required = Criterion.objects.filter(table=table, number="3").get()
    required.evidence_required = True
    required.save()
    card = services.open_scorecard(unit, 2023, official)
    with pytest.raises(ValidationError) as error:
        services.submit_scorecard(card, official)
    assert "1, 2, 3" in " ".join(error.value.messages)
    card = fill(card, official)
    with pytest.raises(ValidationError, match="3"):
        services.submit_scorecard(card, official)
    entry = card.entries.get(criterion=required)
    services.add_evidence(entry, official, file=pdf())
    card = services.submit_scorecard(card, official)
    assert card.status == Scorecard.Status.SUBMITTED and card.submitted_by == official


def test_a_department_of_justice_needs_the_chairmans_certification(unit, official):
    table = build_table(unit_type="doj")
    department = UnitFactory(type="doj")
    clerk = OfficialFactory(unit=department).user
    card = services.open_scorecard(department, 2023, clerk)
    assert card.table == table
    card = fill(card, clerk)
    with pytest.raises(ValidationError, match="xác nhận"):
        services.submit_scorecard(card, clerk)
    services.attach_certification(card, clerk, pdf("xac-nhan.pdf"))
    assert services.submit_scorecard(card, clerk).status == Scorecard.Status.SUBMITTED


def test_evidence_is_checked_by_content_and_size(table, unit, official, settings):
    card = services.open_scorecard(unit, 2023, official)
    entry = card.entries.first()
    with pytest.raises(ValidationError):
        services.add_evidence(entry, official, file=pdf("gia-mao.pdf", b"MZ\x90\x00 not a pdf"))
    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError):
        services.add_evidence(entry, official, file=pdf())
    with pytest.raises(ValidationError):
        services.add_evidence(entry, official)
    assert not Evidence.objects.exists()
    services.add_evidence(entry, official, link="https://vanban.example.gov.vn/bao-cao")
    assert Evidence.objects.count() == 1


def submitted(unit, official):
    card = services.open_scorecard(unit, 2023, official)
    card = fill(card, official, D(9))
    return services.submit_scorecard(card, official)


def test_a_reviewer_changes_points_with_a_reason_and_the_unit_sees_it(table, unit, official, ministry):
    card = submitted(unit, official)
    entry = card.entries.order_by("pk").first()
    with pytest.raises(ValidationError, match="lý do"):
        services.save_review(card, ministry, {entry.pk: (D(6), "", entry.version)})
    card = services.save_review(card, ministry, {entry.pk: (D(6), "Thiếu minh chứng", entry.version)})
    assert card.self_total == D(180) and card.reviewed_total == D(177)
    entry.refresh_from_db()
    assert entry.changed_by_review and entry.reviewed_by == ministry
    history = list(entry.history.order_by("history_date").values_list("reviewed_points", "review_reason"))
    assert history[-1] == (D(6), "Thiếu minh chứng")


def test_the_same_points_as_the_unit_need_no_reason(table, unit, official, ministry):
    card = submitted(unit, official)
    entry = card.entries.first()
    services.save_review(card, ministry, {entry.pk: (D(9), "", entry.version)})
    entry.refresh_from_db()
    assert entry.reviewed_points == D(9) and not entry.changed_by_review


def test_reviewed_points_must_be_within_the_criterion(table, unit, official, ministry):
    card = submitted(unit, official)
    entry = card.entries.first()
    with pytest.raises(ValidationError, match="10"):
        services.save_review(card, ministry, {entry.pk: (D(12), "vượt", entry.version)})


def test_two_reviewers_cannot_overwrite_each_other(table, unit, official, ministry, office):
    other_reviewer = OfficialFactory(unit=office).user
    card = submitted(unit, official)
    entry = card.entries.first()
    loaded = entry.version
    services.save_review(card, ministry, {entry.pk: (D(7), "Lý do của người thứ nhất", loaded)})
    with pytest.raises(ValidationError, match="người khác"):
        services.save_review(card, other_reviewer, {entry.pk: (D(5), "Lý do của người thứ hai", loaded)})
    entry.refresh_from_db()
    assert entry.reviewed_points == D(7)
    # A different criterion saved from an equally old page is fine.
    second = card.entries.order_by("pk")[1]
    services.save_review(card, other_reviewer, {second.pk: (D(8), "Khác", second.version)})


def test_the_workflow_to_final_locks_the_scorecard(table, unit, official, ministry):
    card = submitted(unit, official)
    with pytest.raises(ValidationError):
        services.finalize_scorecard(card, ministry)
    card = services.complete_review(card, ministry)
    card = services.finalize_scorecard(card, ministry)
    assert card.status == Scorecard.Status.FINAL and card.final_total == D(180)
    assert card.band.name == "Hạng A"
    entry = card.entries.first()
    # A final card is locked: a wrong state is a ValidationError naming the state, not a 403.
    with pytest.raises(ValidationError, match="Chính thức") as refused:
        services.save_review(card, ministry, {entry.pk: (D(1), "muộn", entry.version)})
    assert refused.value.error_list[0].code == "state"
    with pytest.raises(ValidationError, match="Chính thức"):
        services.save_self_scores(card, official, {}, card.version)
    with pytest.raises(ValidationError, match="Chính thức"):
        services.add_evidence(entry, official, link="https://example.gov.vn")
    statuses = list(card.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses[-1] == "final" and "submitted" in statuses and "reviewed" in statuses


def test_returning_a_scorecard_needs_a_reason_and_reopens_it(table, unit, official, ministry):
    card = submitted(unit, official)
    with pytest.raises(ValidationError):
        services.return_scorecard(card, ministry, " ")
    card = services.return_scorecard(card, ministry, "Bổ sung minh chứng tiêu chí 3")
    assert card.status == Scorecard.Status.DRAFT and card.return_reason
    fill(card, official, D(8))


def test_only_the_ministry_makes_a_scorecard_final(table, unit, official, ministry, other_official):
    card = services.complete_review(submitted(unit, official), ministry)
    for user in (official, other_official):
        with pytest.raises(PermissionDenied):
            services.finalize_scorecard(card, user)


def test_an_assigned_reviewing_unit_reviews_only_its_scope(table, unit, official, other_unit, ministry, cluster):
    reviewer_unit = UnitFactory(type="doj")
    reviewer = OfficialFactory(unit=reviewer_unit).user
    card = submitted(unit, official)
    entry = card.entries.first()
    with pytest.raises(PermissionDenied):
        services.save_review(card, reviewer, {entry.pk: (D(5), "x", entry.version)})
    services.assign_reviewer(table, reviewer_unit, ministry, cluster=cluster)
    services.save_review(card, reviewer, {entry.pk: (D(5), "Thẩm định của đơn vị được phân công", entry.version)})
    # Its own unit's scorecard is never its own to review.
    own = OfficialFactory(unit=unit).user
    services.assign_reviewer(table, unit, ministry)
    with pytest.raises(PermissionDenied):
        services.save_review(card, own, {entry.pk: (D(4), "tự thẩm định", entry.version + 1)})


def test_a_new_edition_moves_draft_scorecards_by_criterion_number(table, unit, official, ministry):
    card = services.open_scorecard(unit, 2023, official)
    card = fill(card, official, D(9))
    edition = services.new_edition(table, ministry)
    last = Criterion.objects.get(table=edition, number="20")
    services.save_criterion(edition, ministry, last, parent=last.parent, title="Tiêu chí sửa đổi", max_points=D(10))
    services.publish_table(edition, ministry)
    card.refresh_from_db()
    assert card.table == edition
    assert card.entries.count() == 20 and card.self_total == D(180)
    assert set(card.entries.values_list("criterion__table", flat=True)) == {edition.pk}


def test_save_and_submit_is_one_transaction(table, unit, official):
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": D(8)} for entry in card.entries.all()}
    rows.pop(card.entries.order_by("pk").last().criterion_id)  # one left unscored: submitting is refused
    with pytest.raises(ValidationError, match="Cần chấm đủ"):
        services.save_and_submit(card, official, rows, card.version)
    assert set(card.entries.values_list("self_points", flat=True)) == {None}
    assert Scorecard.objects.get(pk=card.pk).version == card.version


def test_save_review_and_complete_is_one_transaction(table, unit, official, ministry):
    card = services.complete_review(submitted(unit, official), ministry)
    entry = card.entries.first()
    with pytest.raises(ValidationError, match="Đã thẩm định"):  # already reviewed: completing is refused
        services.save_review_and_complete(card, ministry, {entry.pk: (D(5), "Thiếu minh chứng", entry.version)})
    entry.refresh_from_db()
    assert entry.reviewed_points is None and entry.review_reason == ""
