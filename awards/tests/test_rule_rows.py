"""The dated rule rows that used to live only in the admin (legal bases of decisions, base
salary, reward amounts, public consultation rules): one list and one form for every kind
(``awards.rule_rows.KINDS``), read by every official, written by ministry staff through
``save_rule_row`` with history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from awards.models import BaseSalary, ConsultationRule, CouncilRule, DecisionBasis, RewardAmount
from awards.rule_rows import KINDS
from awards.services.rules import save_rule_row
from awards.tests.test_decisions import with_rules
from awards.tests.test_dossiers import make_world

pytestmark = pytest.mark.django_db

URLS = {
    "decision_basis": "/awards/rules/decision-bases/",
    "base_salary": "/awards/rules/base-salaries/",
    "reward_amount": "/awards/rules/reward-amounts/",
    "consultation_rule": "/awards/rules/consultation-rules/",
    "council_rule": "/awards/rules/council-rules/",
}
DATED = {"legal_basis": "Nghị định 152/2025/NĐ-CP", "valid_from": "2026-07-01", "valid_to": "", "note": ""}


@pytest.fixture
def world(db):
    world = with_rules(make_world())
    ConsultationRule.objects.create(
        title=world.person_title, days=5, legal_basis="Nghị định 152/2025/NĐ-CP", valid_from=datetime.date(2025, 7, 1)
    )
    CouncilRule.objects.create(
        title=world.person_title,
        quorum_percent=50,
        threshold_percent=90,
        legal_basis="Quy chế Hội đồng",
        valid_from=datetime.date(2024, 1, 1),
        unverified=True,
    )
    return world


def new_rows(world):
    """A valid form of each kind."""
    return {
        "decision_basis": {
            "level": "ministry",
            "issuing_body": "Bộ Tư pháp",
            "office": world.office.pk,
            "symbol": "QĐ-BTP",
            "grounds": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định 152/2025/NĐ-CP;",
        },
        "base_salary": {"amount": "2.530.000"},
        "reward_amount": {
            "title": world.person_title.pk,
            "recipient": "person",
            "coefficient": "3,5",
            "round_up_to": "10000",
        },
        "consultation_rule": {"title": "", "level": "", "days": "7"},
        "council_rule": {
            "body": "sector",
            "title": world.person_title.pk,
            "level": "",
            "quorum_percent": "66,67",
            "threshold_percent": "80",
            "threshold_inclusive": "on",
            "written_votes": "on",
        },
    }


def test_every_official_reads_each_kind_with_its_legal_basis_dates_and_unverified_mark(client, world):
    client.force_login(world.roles["preparer"])
    salaries = client.get(URLS["base_salary"]).content.decode()
    assert salaries.count('data-testid="rule-row"') == BaseSalary.objects.count() == 5
    assert "2.340.000" in salaries and "Nghị định 73/2024/NĐ-CP" in salaries and "01/07/2024–" in salaries
    assert "01/07/2023–30/06/2024" in salaries
    assert salaries.count('data-testid="unverified"') == 5 and "cần xác minh" in salaries
    assert "new-rule-row" not in salaries and "/awards/rules/base-salaries/" in salaries
    rewards = client.get(URLS["reward_amount"]).content.decode()
    assert "Chiến sĩ thi đua Bộ" in rewards and "Cờ thi đua ngành Tư pháp" in rewards
    assert "Cá nhân" in rewards and "Tập thể" in rewards and "10.000" in rewards and "Hệ số và làm tròn" in rewards
    bases = client.get(URLS["decision_basis"]).content.decode()
    assert "Vụ Thi đua – Khen thưởng" in bases and "Vụ Tổ chức cán bộ" in bases and "mọi cấp" in bases
    consultations = client.get(URLS["consultation_rule"]).content.decode()
    assert "Chiến sĩ thi đua Bộ" in consultations and "Nghị định 152/2025/NĐ-CP" in consultations
    assert 'data-testid="unverified"' not in consultations


def test_the_rules_tab_links_to_every_kind(client, world):
    client.force_login(world.roles["preparer"])
    page = client.get("/awards/rules/").content.decode()
    for url in URLS.values():
        assert f'href="{url}"' in page
    assert 'href="/awards/requirements/"' in page


def test_ministry_staff_see_the_forms_links(client, world):
    client.force_login(world.roles["office"])
    page = client.get(URLS["reward_amount"]).content.decode()
    row = RewardAmount.objects.order_by("title__order", "recipient", "-valid_from", "pk").first()
    assert 'data-testid="new-rule-row"' in page and f'href="{URLS["reward_amount"]}{row.pk}/"' in page


@pytest.mark.parametrize("key", list(URLS))
def test_ministry_staff_create_a_row_of_each_kind_with_history(client, world, key):
    model = KINDS[key].model
    before = set(model.objects.values_list("pk", flat=True))
    client.force_login(world.roles["office"])
    assert client.get(URLS[key] + "new/").status_code == 200
    response = client.post(URLS[key] + "new/", {**DATED, **new_rows(world)[key]})
    assert response.status_code == 302 and response["Location"] == URLS[key]
    (row,) = model.objects.exclude(pk__in=before)
    assert row.legal_basis == "Nghị định 152/2025/NĐ-CP" and row.valid_from == datetime.date(2026, 7, 1)
    assert [h.history_user for h in row.history.all()] == [world.roles["office"]]
    assert "Đã lưu quy định." in client.get(URLS[key]).content.decode()


def test_the_figures_are_read_the_vietnamese_way(client, world):
    client.force_login(world.roles["office"])
    for key in ("base_salary", "reward_amount", "consultation_rule"):
        client.post(URLS[key] + "new/", {**DATED, **new_rows(world)[key]})
    assert BaseSalary.objects.get(valid_from=datetime.date(2026, 7, 1)).amount == Decimal(2_530_000)
    assert RewardAmount.objects.get(valid_from=datetime.date(2026, 7, 1)).coefficient == Decimal("3.5")
    rule = ConsultationRule.objects.get(valid_from=datetime.date(2026, 7, 1))
    assert (rule.title, rule.level, rule.days) == (None, "", 7)
    assert "mọi danh hiệu" in client.get(URLS["consultation_rule"]).content.decode()


def test_ministry_staff_edit_a_row_and_the_history_shows_both_changes(client, world):
    row = RewardAmount.objects.get(title=world.person_title)
    client.force_login(world.roles["office"])
    url = f"{URLS['reward_amount']}{row.pk}/"
    form = client.get(url).content.decode()
    assert 'value="3"' in form and "Nghị định 98/2023/NĐ-CP" in form
    data = {**new_rows(world)["reward_amount"], **DATED, "valid_from": "2024-01-01", "unverified": "on"}
    assert client.post(url, {**data, "coefficient": "3,2"}).status_code == 302
    row.refresh_from_db()
    assert row.coefficient == Decimal("3.2") and row.legal_basis == "Nghị định 152/2025/NĐ-CP" and row.unverified
    assert row.history.count() == 2 and row.history.first().history_user == world.roles["office"]
    assert client.get(url).content.decode().count('data-testid="history-row"') == 2


def test_an_end_before_the_start_is_refused_on_the_form(client, world):
    row = BaseSalary.objects.get(valid_to=None)
    client.force_login(world.roles["office"])
    url = f"{URLS['base_salary']}{row.pk}/"
    data = {**DATED, "amount": "2.340.000", "valid_from": "2024-07-01", "valid_to": "2024-06-30"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Ngày kết thúc không được trước ngày bắt đầu." in page
    assert 'value="2.340.000"' in page  # the figure as typed
    row.refresh_from_db()
    assert row.valid_to is None and row.history.count() == 1
    response = client.post(URLS["consultation_rule"] + "new/", {**DATED, "days": "0"})
    assert response.status_code == 200 and not ConsultationRule.objects.filter(days=0).exists()


@pytest.mark.parametrize("role", ["preparer", "unit head", "managing level", "outsider"])
def test_only_ministry_staff_create_or_edit(client, world, role):
    client.force_login(world.roles[role])
    rows = {key: KINDS[key].model.objects.order_by("pk").first() for key in URLS}
    for key, url in URLS.items():
        assert client.get(url).status_code == 200
        assert client.get(url + "new/").status_code == 403
        assert client.post(url + "new/", {**DATED, **new_rows(world)[key]}).status_code == 403
        assert client.get(f"{url}{rows[key].pk}/").status_code == 403
        assert client.post(f"{url}{rows[key].pk}/", {**DATED, **new_rows(world)[key]}).status_code == 403
    assert DecisionBasis.objects.filter(valid_from=datetime.date(2026, 7, 1)).count() == 0


def test_the_service_refuses_whoever_may_not_edit_rules(world):
    row = BaseSalary(amount=1, legal_basis="x", valid_from=datetime.date(2026, 7, 1))
    with pytest.raises(PermissionDenied):
        save_rule_row(row, world.roles["preparer"])
    assert row.pk is None


def test_a_list_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.roles["preparer"])
    with django_assert_max_num_queries(12) as few:
        client.get(URLS["reward_amount"])
    for rule in list(RewardAmount.objects.all()):
        rule.pk, rule.valid_from = None, datetime.date(2027, 1, 1)
        rule.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URLS["reward_amount"]).content.decode()
    assert page.count('data-testid="rule-row"') == RewardAmount.objects.count() == 4


def test_the_council_rule_reads_and_writes_its_shares_the_vietnamese_way(client, world):
    client.force_login(world.roles["office"])
    page = client.get(URLS["council_rule"]).content.decode()
    assert "Quy chế Hội đồng" in page and "90" in page and 'data-testid="unverified"' in page
    response = client.post(URLS["council_rule"] + "new/", {**DATED, **new_rows(world)["council_rule"]})
    assert response.status_code == 302
    rule = CouncilRule.objects.get(valid_from=datetime.date(2026, 7, 1))
    assert (rule.quorum_percent, rule.threshold_percent, rule.written_votes) == (Decimal("66.67"), 80, True)
    assert "66,67" in client.get(URLS["council_rule"]).content.decode()
