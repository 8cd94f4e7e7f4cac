"""The scoring pages through the test client: who may see and do what, the live points
(htmx), field errors, evidence served only to those allowed, and fixed query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation.tests.factories import OfficialFactory, UnitFactory
from scoring import services
from scoring.models import CriteriaTable, Criterion, Evidence, Scorecard

from .factories import add_bands, build_table
from .test_tables import GOOD, RANKS, xlsx

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%minh chung\n"


@pytest.fixture
def card(table, unit, official):
    return services.open_scorecard(unit, 2023, official)


def grid(card, points="9", **extra):
    data = {"version": card.version}
    for entry in card.entries.all():
        data[f"c{entry.criterion_id}-points"] = points
        data[f"c{entry.criterion_id}-note"] = ""
    data.update(extra)
    return data


def test_pages_need_a_login(client, table):
    for url in ["/scoring/", "/scoring/tables/", f"/scoring/tables/{table.pk}/", "/scoring/ranking/"]:
        assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "who, status", [("official", 200), ("ministry", 200), ("other_official", 403), ("outsider", 403)]
)
def test_who_sees_a_scorecard(client, card, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/scoring/cards/{card.pk}/").status_code == status


def test_the_cluster_head_sees_its_members_scorecards(client, card, other_official):
    # other_unit heads the cluster in 2023 (see conftest)
    from emulation.models import Membership

    Membership.objects.filter(unit__officials__user=other_official).update(role="head")
    client.force_login(other_official)
    response = client.get(f"/scoring/cards/{card.pk}/")
    assert response.status_code == 200
    assert response.context["form"] is None and response.context["review_form"] is None


def test_only_the_unit_edits_its_draft(client, card, ministry, other_official):
    for user in (ministry, other_official):
        client.force_login(user)
        assert client.post(f"/scoring/cards/{card.pk}/", grid(card)).status_code == 403
        assert client.post(f"/scoring/cards/{card.pk}/preview/", grid(card)).status_code == 403
    assert Scorecard.objects.get(pk=card.pk).self_total == 0


def test_the_official_saves_and_submits(client, card, official):
    client.force_login(official)
    response = client.post(f"/scoring/cards/{card.pk}/", grid(card))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.self_total == D(180) and card.status == "draft"
    response = client.post(f"/scoring/cards/{card.pk}/", grid(card, submit_card="1"), follow=True)
    card.refresh_from_db()
    assert card.status == "submitted"
    assert "Đã gửi phiếu chấm điểm để thẩm định." in response.content.decode()


def test_bad_input_is_refused_with_the_fields_error(client, card, official):
    client.force_login(official)
    first = card.entries.order_by("pk").first()
    data = grid(card, **{f"c{first.criterion_id}-points": "12"})
    second = card.entries.order_by("pk")[1]
    data[f"c{second.criterion_id}-points"] = "mười"
    response = client.post(f"/scoring/cards/{card.pk}/", data)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors[f"c{first.criterion_id}-points"]
    assert form.errors[f"c{second.criterion_id}-points"]
    html = response.content.decode()
    assert "is-invalid" in html
    assert Scorecard.objects.get(pk=card.pk).self_total == 0


def test_two_tabs_saving_the_same_draft(client, card, official):
    """The second tab is refused with a message, and what it typed stays in its form."""
    client.force_login(official)
    first = card.entries.order_by("pk").first()
    stale = grid(card, points="7,5")
    stale[f"c{first.criterion_id}-note"] = "TAB-2"
    client.post(f"/scoring/cards/{card.pk}/", grid(card, points="8"))
    response = client.post(f"/scoring/cards/{card.pk}/", stale)
    assert response.status_code == 422
    html = response.content.decode()
    assert "tải lại" in html
    assert ">TAB-2</textarea>" in html and 'value="7,5"' in html
    assert Scorecard.objects.get(pk=card.pk).self_total == D(160)


def test_save_and_submit_refused_saves_nothing_and_keeps_the_typing(client, card, official):
    client.force_login(official)
    data = grid(card, points="8", submit_card="1")
    unscored = card.entries.order_by("pk").last()
    data[f"c{unscored.criterion_id}-points"] = ""
    response = client.post(f"/scoring/cards/{card.pk}/", data)
    assert response.status_code == 422
    assert f"Cần chấm đủ các tiêu chí: {unscored.criterion.number}." in response.content.decode()
    assert 'value="8"' in response.content.decode()
    fresh = Scorecard.objects.get(pk=card.pk)
    assert fresh.status == Scorecard.Status.DRAFT and fresh.self_total == 0 and fresh.version == card.version


def test_live_points_as_the_official_types(client, unit, official):
    table = build_table(groups=1, per_group=2, points=D(2))
    first, second = Criterion.objects.filter(table=table, parent__isnull=False).order_by("position")
    first.method = "bands"
    first.input_label = "Số ngày chậm"
    first.save()
    add_bands(first, [(0, 0, 2), (1, 2, 1.5), (3, 5, 1), (6, None, 0)])
    card = services.open_scorecard(unit, 2023, official)
    client.force_login(official)
    data = {"version": card.version, f"c{first.pk}-value": "4", f"c{second.pk}-points": "2,5"}
    response = client.post(f"/scoring/cards/{card.pk}/preview/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="pts-{first.pk}" class="fw-semibold" hx-swap-oob="true"' in html
    assert ">1</span>" in html  # 4 days late → 1 point
    error = html.split(f'id="err-{second.pk}"')[1].split("</div></div>")[0]
    assert "<div>" in error and " 2" in error  # 2,5 is above the maximum of 2
    assert 'id="live-totals" hx-swap-oob="true"' in html
    assert Scorecard.objects.get(pk=card.pk).self_total == 0  # nothing saved


def test_evidence_upload_is_checked_and_served_only_to_those_allowed(client, card, official, ministry, other_official):
    entry = card.entries.first()
    client.force_login(official)
    response = client.post(
        f"/scoring/entries/{entry.pk}/evidence/",
        {"file": SimpleUploadedFile("bao-cao.pdf", PDF)},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "bao-cao.pdf" in response.content.decode()
    bad = client.post(
        f"/scoring/entries/{entry.pk}/evidence/",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="evidence-error"' in bad.content.decode()
    evidence = Evidence.objects.get()
    assert client.get(f"/scoring/evidence/{evidence.pk}/").status_code == 200
    client.force_login(ministry)
    response = client.get(f"/scoring/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_official)
    assert client.get(f"/scoring/evidence/{evidence.pk}/").status_code == 403
    assert client.post(f"/scoring/entries/{entry.pk}/evidence/", {"link": "https://x.gov.vn"}).status_code == 403
    assert client.post(f"/scoring/evidence/{evidence.pk}/delete/").status_code == 403


def test_review_page_and_reasons(client, card, official, ministry):
    card = services.save_self_scores(
        card, official, {e.criterion_id: {"points": D(9)} for e in card.entries.all()}, card.version
    )
    services.submit_scorecard(card, official)
    entry = card.entries.order_by("pk").first()
    client.force_login(ministry)
    page = client.get(f"/scoring/cards/{card.pk}/")
    assert page.context["review_form"] is not None
    data = {f"e{e.pk}-version": e.version for e in card.entries.all()}
    data[f"e{entry.pk}-points"] = "6"
    response = client.post(f"/scoring/cards/{card.pk}/review/", data)
    assert response.status_code == 422 and response.context["review_form"].errors[f"e{entry.pk}-reason"]
    data[f"e{entry.pk}-reason"] = "Báo cáo gửi chậm 4 ngày"
    data["complete_review"] = "1"
    assert client.post(f"/scoring/cards/{card.pk}/review/", data).status_code == 302
    card.refresh_from_db()
    assert card.status == "reviewed" and card.reviewed_total == D(177)
    client.force_login(official)
    page = client.get(f"/scoring/cards/{card.pk}/")
    html = page.content.decode()
    assert "Báo cáo gửi chậm 4 ngày" in html
    assert len(page.context["changes"]) == 1 and page.context["changes"][0]["after"] == D(6)
    assert client.post(f"/scoring/cards/{card.pk}/finalize/").status_code == 403
    client.force_login(ministry)
    client.post(f"/scoring/cards/{card.pk}/finalize/")
    card.refresh_from_db()
    assert card.status == "final" and card.final_total == D(177)


def test_builder_pages_for_ministry_staff_only(client, table, ministry, official):
    draft = services.create_table(
        ministry, year=2024, unit_type="thads", name="Nháp", legal_basis="x", total_points=D(200)
    )
    urls = [
        f"/scoring/tables/{draft.pk}/",
        f"/scoring/tables/{draft.pk}/edit/",
        f"/scoring/tables/{draft.pk}/criteria/new/",
        f"/scoring/tables/{draft.pk}/rank-bands/",
        f"/scoring/tables/{draft.pk}/import/",
        f"/scoring/tables/{draft.pk}/reviewers/",
        "/scoring/tables/new/",
    ]
    client.force_login(ministry)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(official)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.get(f"/scoring/tables/{table.pk}/").status_code == 200  # published: everyone
    assert client.get("/scoring/tables/").status_code == 200
    assert draft.name not in client.get("/scoring/tables/").content.decode()
    for action in ("publish", "copy", "new-edition", "delete"):
        assert client.post(f"/scoring/tables/{table.pk}/{action}/", {"year": 2025}).status_code == 403


def test_a_published_table_has_no_edit_pages(client, table, ministry):
    """A wrong state is a message on the table's page, never a 403."""
    client.force_login(ministry)
    node = Criterion.objects.filter(table=table).first()
    for url in ("edit/", "import/", "rank-bands/", f"criteria/{node.pk}/", "criteria/new/"):
        response = client.get(f"/scoring/tables/{table.pk}/{url}", follow=True)
        assert response.redirect_chain == [(f"/scoring/tables/{table.pk}/", 302)], url
        assert "Bảng đã công bố không thể sửa" in response.content.decode(), url
    response = client.post(f"/scoring/tables/{table.pk}/delete/", follow=True)
    assert response.status_code == 200 and CriteriaTable.objects.filter(pk=table.pk).exists()


def test_building_a_table_in_the_browser_forms(client, ministry):
    client.force_login(ministry)
    response = client.post(
        "/scoring/tables/new/",
        {
            "year": 2024,
            "unit_type": "doj",
            "name": "Bảng 2024",
            "legal_basis": "536/QĐ-BTP",
            "issued_on": "2024-03-29",
            "issuer": "Bộ Tư pháp",
            "total_points": "20",
        },
    )
    table = CriteriaTable.objects.get(year=2024)
    assert response.status_code == 302 and table.issued_on.isoformat() == "2024-03-29"
    bands = {"bands-TOTAL_FORMS": "2", "bands-INITIAL_FORMS": "0"}
    response = client.post(
        f"/scoring/tables/{table.pk}/criteria/new/",
        {
            "number": "I",
            "title": "Thực hiện chế độ báo cáo",
            "max_points": "20",
            "kind": "regular",
            "method": "manual",
            **bands,
        },
    )
    group = Criterion.objects.get(table=table, number="I")
    response = client.post(
        f"/scoring/tables/{table.pk}/criteria/new/",
        {
            "parent": group.pk,
            "number": "1",
            "title": "Báo cáo đúng hạn",
            "max_points": "20",
            "kind": "regular",
            "method": "bands",
            "input_label": "Số ngày chậm",
            **bands,
            "bands-0-lower": "0",
            "bands-0-upper": "0",
            "bands-0-points": "20",
            "bands-1-lower": "1",
            "bands-1-points": "2,5",
        },
    )
    assert response.status_code == 302
    leaf = Criterion.objects.get(table=table, number="1")
    assert list(leaf.bands.values_list("points", flat=True)) == [D(20), D("2.5")]
    response = client.post(
        f"/scoring/tables/{table.pk}/criteria/{leaf.pk}/",
        {
            "parent": group.pk,
            "number": "1",
            "title": "x",
            "max_points": "20",
            "kind": "regular",
            "method": "bands",
            **bands,
            "bands-0-lower": "5",
            "bands-0-upper": "1",
            "bands-0-points": "1",
        },
    )
    assert response.status_code == 200 and response.context["bands"].forms[0].errors
    ranks = {
        "ranks-TOTAL_FORMS": "2",
        "ranks-INITIAL_FORMS": "0",
        "ranks-0-name": "Hạng A",
        "ranks-0-label": "Xuất sắc",
        "ranks-0-min_total": "18",
        "ranks-0-required": [str(leaf.pk)],
        "ranks-1-name": "Hạng B",
        "ranks-1-min_total": "0",
    }
    assert client.post(f"/scoring/tables/{table.pk}/rank-bands/", ranks).status_code == 302
    assert client.post(f"/scoring/tables/{table.pk}/publish/").status_code == 302
    table.refresh_from_db()
    assert table.status == "published"


def test_the_import_page_shows_every_error_and_imports_nothing(client, ministry):
    client.force_login(ministry)
    draft = services.create_table(
        ministry, year=2024, unit_type="thads", name="Nháp", legal_basis="x", total_points=D(200)
    )
    rows = [*GOOD[:4], ["1", "Báo cáo", "mười"], ["x.y", "Khác", 10], *GOOD[6:]]
    response = client.post(f"/scoring/tables/{draft.pk}/import/", {"file": xlsx(rows)})
    errors = response.context["sheet_errors"]
    assert len(errors) >= 2 and "C" in errors[0] and "5" in errors[0] and "6" in errors[1]
    assert not Criterion.objects.filter(table=draft).exists()
    response = client.post(f"/scoring/tables/{draft.pk}/import/", {"file": xlsx(GOOD, RANKS)})
    assert response.status_code == 302 and Criterion.objects.filter(table=draft).count() == 10


def sixty_criterion_card(unit, official):
    table = build_table(groups=6, per_group=10, points=D("3"))
    criteria = list(Criterion.objects.filter(table=table, parent__isnull=False).order_by("position"))
    for node in criteria[::3]:
        node.method = "bands"
        node.save()
        add_bands(node, [(0, 0, 3), (1, 2, 2), (3, None, 0)])
    for node in criteria[1::7]:
        node.evidence_required = True
        node.save()
    card = services.open_scorecard(unit, 2023, official)
    for entry in card.entries.filter(criterion__evidence_required=True):
        services.add_evidence(entry, official, link=f"https://vanban.example.gov.vn/{entry.pk}")
    return card


def test_a_60_criterion_scorecard_page_runs_a_fixed_number_of_queries(
    client, unit, official, ministry, django_assert_max_num_queries
):
    card = sixty_criterion_card(unit, official)
    assert card.entries.count() == 60
    client.force_login(official)
    # the base page counts unread notifications: one query; the navigation asks whether the
    # user is ministry staff for the Read API link: the official's unit, one query; the
    # calendar's results date: the step and the unit's clusters' own dates, two queries
    with django_assert_max_num_queries(17):
        assert client.get(f"/scoring/cards/{card.pk}/").status_code == 200
    data = {"version": card.version}
    with django_assert_max_num_queries(11):  # 10 + the navigation's rule, as above
        client.post(f"/scoring/cards/{card.pk}/preview/", data, HTTP_HX_REQUEST="true")
    card = services.save_self_scores(
        card, official, {e.criterion_id: {"points": D(2), "value": D(1)} for e in card.entries.all()}, card.version
    )
    services.submit_scorecard(card, official)
    client.force_login(ministry)
    with django_assert_max_num_queries(17):
        assert client.get(f"/scoring/cards/{card.pk}/").status_code == 200


def test_the_scoring_home_and_the_dashboard_actions(client, table, unit, official, ministry):
    client.force_login(official)
    html = client.get("/scoring/?year=2023").content.decode()
    assert 'data-testid="start-self-score"' in html
    response = client.post("/scoring/open/?year=2023")
    card = Scorecard.objects.get(unit=unit)
    assert response["Location"] == f"/scoring/cards/{card.pk}/"
    dashboard = client.get("/?year=2023").content.decode()
    assert f"/scoring/cards/{card.pk}/" in dashboard
    client.force_login(ministry)
    assert client.get("/scoring/?year=2023").status_code == 200
    assert client.get("/scoring/cards/?year=2023").status_code == 200


def test_a_unit_type_with_no_table_yet(client, outsider):
    client.force_login(outsider)
    assert "start-self-score" not in client.get("/scoring/?year=2023").content.decode()
    assert client.post("/scoring/open/?year=2023", follow=True).status_code == 200
    assert not Scorecard.objects.exists()
    unit = UnitFactory(type="doj")
    OfficialFactory(unit=unit)


def test_dashboard_actions_in_one_query(table, unit, official, ministry, django_assert_max_num_queries):
    from scoring.todo import scoring_todo

    card = services.open_scorecard(unit, 2023, official)
    official.official.unit  # noqa: B018 (the user's unit is loaded by the dashboard already)
    with django_assert_max_num_queries(1):
        (action,) = scoring_todo(official, 2023)
    assert action.url == f"/scoring/cards/{card.pk}/"
    card = services.save_self_scores(card, official, {e.criterion_id: {"points": D(9)} for e in card.entries.all()}, 1)
    services.submit_scorecard(card, official)
    ministry.official.unit  # noqa: B018
    with django_assert_max_num_queries(1):
        actions = scoring_todo(ministry, 2023)
    assert [(a.url, a.count) for a in actions] == [("/scoring/cards/?year=2023&status=submitted", 1)]
    assert scoring_todo(official, 2023) == []
    newcomer = OfficialFactory(unit=UnitFactory(type="thads")).user
    newcomer.official.unit  # noqa: B018
    with django_assert_max_num_queries(1):
        (start,) = scoring_todo(newcomer, 2023)
    assert start.url == "/scoring/?year=2023"
    assert scoring_todo(newcomer, 2024) == []


def test_a_department_attaches_the_certification_in_the_page(client, other_official):
    build_table(unit_type="doj")
    department = UnitFactory(type="doj")
    clerk = OfficialFactory(unit=department).user
    card = services.open_scorecard(department, 2023, clerk)
    client.force_login(clerk)
    page = client.get(f"/scoring/cards/{card.pk}/").content.decode()
    assert 'data-testid="certification-input"' in page
    bad = client.post(
        f"/scoring/cards/{card.pk}/certification/", {"certification": SimpleUploadedFile("x.pdf", b"text")}, follow=True
    )
    assert "PDF" in bad.content.decode() and not Scorecard.objects.get(pk=card.pk).certification
    client.post(f"/scoring/cards/{card.pk}/certification/", {"certification": SimpleUploadedFile("xn.pdf", PDF)})
    card.refresh_from_db()
    assert card.certification
    assert client.get(f"/scoring/cards/{card.pk}/certification/file/").status_code == 200
    client.force_login(other_official)
    assert client.get(f"/scoring/cards/{card.pk}/certification/file/").status_code == 403
