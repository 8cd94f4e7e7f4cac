"""Public consultation: the rule picks the period, the tables open and close it, comments only
in the period, and the dossier is not decided before the period ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.consultations import Comment, Consultation, ConsultationRule, consultation_pending
from awards.models import AwardLevel, Dossier
from awards.services import consultations as consult
from awards.tests.test_dossiers import SINCE, _decide, dossier_in, make_world
from awards.transitions import CONSULTATION, DOSSIER

pytestmark = pytest.mark.django_db
D = Dossier.State


@pytest.fixture
def world(db):
    world = make_world()
    ConsultationRule.objects.create(
        title=world.person_title, days=15, legal_basis="Nghị định 98/2023/NĐ-CP", valid_from=SINCE, unverified=True
    )
    ConsultationRule.objects.create(
        title=world.person_title,
        level=AwardLevel.PRIME_MINISTER,
        days=30,
        legal_basis="Nghị định 98/2023/NĐ-CP",
        valid_from=SINCE,
        unverified=True,
    )
    return world


def _open(world, dossier, starts_on=None):
    return consult.open_consultation(dossier, world.roles["office"], starts_on=starts_on)


def test_the_rule_picks_the_period_and_the_lines(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    start = timezone.localdate()
    consultation = _open(world, dossier, start)
    assert consultation.ends_on == start + datetime.timedelta(days=14)
    assert [line.title for line in consultation.lines.all()] == [world.person_title]
    assert "98/2023" in consultation.legal_basis
    with pytest.raises(ValidationError, match="đang được công khai"):
        _open(world, dossier)


def test_a_dossier_without_a_rule_is_not_published(world):
    ConsultationRule.objects.all().delete()
    dossier = dossier_in(world, D.CHECKED)
    with pytest.raises(ValidationError, match="không có đối tượng nào"):
        _open(world, dossier)


def test_opening_needs_the_office_and_a_state_of_review(world):
    draft = dossier_in(world, D.DRAFT)
    with pytest.raises(ValidationError):
        _open(world, draft)


def test_closing_goes_through_the_table_after_the_period(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    consultation = _open(world, dossier)
    with pytest.raises(ValidationError, match="chỉ được kết thúc sau"):
        consult.close_consultation(consultation, world.roles["office"])
    _to_the_past(consultation)
    closed = consult.close_consultation(consultation, world.roles["office"])
    assert closed.state == Consultation.State.CLOSED
    assert not CONSULTATION.allows(closed, "close")
    with pytest.raises(ValidationError):
        consult.close_consultation(closed, world.roles["office"])


def _to_the_past(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=40),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def test_comments_only_in_the_period_plain_text(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    consultation = _open(world, dossier)
    line = consultation.lines.get()
    comment = consult.add_comment(consultation, line.pk, text="<b>Đồng ý</b> <script>x</script>", name=" An ")
    assert comment.text == "Đồng ý x" and comment.name == "An"
    with pytest.raises(ValidationError, match="Tối đa 2000"):
        consult.add_comment(consultation, line.pk, text="a" * 2001)
    with pytest.raises(ValidationError, match="không nhận ý kiến"):
        consult.add_comment(consultation, line.pk, text="muộn", day=consultation.ends_on + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="không nhận ý kiến"):
        consult.add_comment(consultation, line.pk, text="sớm", day=consultation.starts_on - datetime.timedelta(days=1))


def test_the_office_resolves_each_comment(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    consultation = _open(world, dossier)
    comment = consult.add_comment(consultation, consultation.lines.get().pk, text="Không đúng")
    with pytest.raises(ValidationError, match="nêu lý do"):
        consult.resolve_comment(comment, world.roles["office"], Comment.Resolution.NOT_ACCEPTED)
    resolved = consult.resolve_comment(comment, world.roles["office"], Comment.Resolution.NOT_ACCEPTED, "Đã xác minh")
    assert (resolved.resolution, resolved.resolved_by) == ("not_accepted", world.roles["office"])


def test_deciding_waits_for_the_end_of_the_period(world):
    dossier = dossier_in(world, D.AT_COUNCIL)
    assert consultation_pending(dossier)  # a rule asks for it and none was opened
    assert "decide" not in DOSSIER.available(dossier, world.roles["office"])
    consultation = _open(world, dossier)
    with pytest.raises(ValidationError, match=f"{consultation.ends_on:%d/%m/%Y}"):
        _decide(dossier)
    assert "decide" in DOSSIER.reasons(dossier)
    _to_the_past(consultation)
    assert "decide" in DOSSIER.available(dossier, world.roles["office"])
    _decide(dossier)
    assert Dossier.objects.get(pk=dossier.pk).state == D.DECIDED
