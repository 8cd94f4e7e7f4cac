"""A dossier from which no one is awarded ends closed, with the reason: every recipient found not
eligible at the check, or refused by the higher level after it was sent up. The step goes through
``transitions.DOSSIER``: refused while anyone may still be awarded, and from any other state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import DossierLine
from awards.permissions import held_dossiers
from awards.transitions import DOSSIER

from .test_dossiers import D, dossier_in, make_world

pytestmark = pytest.mark.django_db
NOT_ELIGIBLE = DossierLine.Verdict.NOT_ELIGIBLE


@pytest.fixture
def world(db):
    return make_world()


def _refuse_everyone_at_the_check(world):
    dossier = dossier_in(world, D.RECEIVED)
    for line in dossier.lines.all():
        services.record_verdict(line, dossier.officer, NOT_ELIGIBLE, reason="Chưa đủ 3 năm liên tục")
    return services.finish_check(dossier, dossier.officer)


def test_a_dossier_refused_for_everyone_at_the_check_is_closed_with_the_reason(world):
    office = world.roles["office"]
    dossier = _refuse_everyone_at_the_check(world)
    assert "close" in DOSSIER.available(dossier, office)
    assert "decide" not in DOSSIER.available(dossier, office)
    with pytest.raises(ValidationError):
        services.close_dossier(dossier, office, "  ")
    dossier = services.close_dossier(dossier, office, "Không ai đủ tiêu chuẩn.")
    assert (dossier.state, dossier.holder, dossier.closing_reason) == (D.CLOSED, None, "Không ai đủ tiêu chuẩn.")
    assert not held_dossiers(office).filter(pk=dossier.pk).exists()  # nothing waits on the office
    assert DOSSIER.available(dossier, office) == set()
    assert dossier.history.filter(state=D.CLOSED, history_user=office).exists()


def test_a_dossier_sent_up_and_refused_for_everyone_is_closed(world):
    office = world.roles["office"]
    dossier = dossier_in(world, D.SENT_UP)
    lines = list(dossier.lines.all())
    services.record_outcome(lines[0], office, awarded=False, reason="Thủ tướng không đồng ý")
    with pytest.raises(ValidationError, match="(may still be awarded|vẫn có thể được khen)") as refused:
        services.close_dossier(dossier, office, "Không được khen")
    assert refused.value.code == "guard"
    for line in lines[1:]:
        services.record_outcome(line, office, awarded=False, reason="Thủ tướng không đồng ý")
    assert DOSSIER.available(dossier, office) >= {"close"}
    assert services.close_dossier(dossier, office, "Thủ tướng không đồng ý.").state == D.CLOSED


def test_only_the_office_closes_a_dossier(world):
    dossier = _refuse_everyone_at_the_check(world)
    with pytest.raises(PermissionDenied):
        services.close_dossier(dossier, world.roles["preparer"], "Không ai đủ tiêu chuẩn.")


@pytest.mark.parametrize("state", [D.DRAFT, D.SUBMITTED, D.RECEIVED, D.DECIDED])
def test_closing_from_another_state_names_the_state(world, state):
    dossier = dossier_in(world, state)
    with pytest.raises(ValidationError) as refused:
        services.close_dossier(dossier, world.roles["office"], "Không ai đủ tiêu chuẩn.")
    assert refused.value.code == "state"


def test_the_office_closes_it_from_the_dossier_page(client, world):
    office = world.roles["office"]
    dossier = _refuse_everyone_at_the_check(world)
    client.force_login(office)
    page = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="close-dossier"' in page
    response = client.post(
        f"/awards/dossiers/{dossier.pk}/close/", {"reason": "Không ai đủ tiêu chuẩn.", "version": dossier.version}
    )
    assert response.status_code == 302
    page = client.get(f"/awards/dossiers/{dossier.pk}/").content.decode()
    assert "Không ai đủ tiêu chuẩn." in page and "Kết thúc, không khen thưởng" in page
