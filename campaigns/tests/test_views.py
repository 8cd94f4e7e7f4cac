"""Pages and forms: bad input refused next to the field with nothing changed, 403 for other
units, uploads checked by content, lists filtered and paginated at a fixed query count."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from campaigns import services
from campaigns.models import Campaign, Pledge
from emulation.models import Membership
from emulation.tests.factories import MembershipFactory, UnitFactory

from .conftest import PDF
from .factories import PledgeFactory, PledgeTargetFactory

pytestmark = pytest.mark.django_db


def form_data(pledge, **overrides):
    """The POST the pledge form sends, built from the pledge as it is."""
    targets = list(pledge.targets.order_by("number", "pk"))
    data = {
        "version": pledge.version,
        "collective_title": pledge.collective_title_id or "",
        "commitments": pledge.commitments,
        "signer_name": pledge.signer_name,
        "signer_position": pledge.signer_position,
        "targets-TOTAL_FORMS": len(targets),
        "targets-INITIAL_FORMS": len(targets),
        "targets-MIN_NUM_FORMS": 0,
        "targets-MAX_NUM_FORMS": 1000,
        "individuals-TOTAL_FORMS": 0,
        "individuals-INITIAL_FORMS": 0,
        "individuals-MIN_NUM_FORMS": 0,
        "individuals-MAX_NUM_FORMS": 1000,
    }
    for index, target in enumerate(targets):
        prefix = f"targets-{index}"
        data.update(
            {
                f"{prefix}-id": target.pk,
                f"{prefix}-pledge": pledge.pk,
                f"{prefix}-number": target.number,
                f"{prefix}-name": target.name,
                f"{prefix}-unit_of_measure": target.unit_of_measure,
                f"{prefix}-direction": target.direction,
                f"{prefix}-value": "" if target.value is None else str(target.value).replace(".", ","),
            }
        )
    data.update(overrides)
    return data


def own_target(data, index, name="Chỉ tiêu riêng", value="24.196", measure="việc"):
    prefix = f"targets-{index}"
    data.update(
        {
            f"{prefix}-number": index + 1,
            f"{prefix}-name": name,
            f"{prefix}-unit_of_measure": measure,
            f"{prefix}-direction": "at_least",
            f"{prefix}-value": value,
            "targets-TOTAL_FORMS": index + 1,
        }
    )
    return data


@pytest.fixture
def pledge(world):
    return services.create_pledge(world.campaign, 2023, world.official_a)


@pytest.fixture
def as_a(client, world):
    client.force_login(world.official_a)
    return client


def test_the_form_reads_vietnamese_numbers_and_saves(as_a, pledge):
    data = own_target(form_data(pledge, **{"targets-0-value": "24.196", "collective_title": ""}), 2, value="89,68")
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 302
    values = dict(pledge.targets.values_list("number", "value"))
    assert values == {1: Decimal(24196), 2: Decimal(0), 3: Decimal("89.68")}
    page = as_a.get(f"/campaigns/pledges/{pledge.pk}/edit/").content.decode()
    assert 'value="24.196"' in page and 'value="89,68"' in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("targets-0-value", "hai mươi", "Nhập một số"),
        ("targets-0-value", "-5", "không được âm"),
        ("targets-0-value", "1.2.3,4,5", "Nhập một số"),
        ("commitments", "x" * 5001, "5000"),
        ("signer_name", "x" * 151, "150"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(as_a, pledge, field, value, message):
    before = list(pledge.targets.values_list("pk", "value"))
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "is-invalid" in html
    pledge.refresh_from_db()
    assert (
        pledge.version == 1 and pledge.commitments == "" and list(pledge.targets.values_list("pk", "value")) == before
    )


def test_an_own_target_with_a_too_long_name_is_refused(as_a, pledge):
    data = own_target(form_data(pledge), 2, name="x" * 501)
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 200 and "500" in response.content.decode()
    assert pledge.targets.count() == 2


def test_save_and_submit_marks_empty_values_next_to_the_field(as_a, pledge):
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, submit="1"))
    assert response.status_code == 200
    assert "Hãy nhập chỉ tiêu đăng ký trước khi gửi." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT and pledge.version == 1


def test_save_and_submit(as_a, pledge):
    response = as_a.post(
        f"/campaigns/pledges/{pledge.pk}/edit/",
        form_data(pledge, submit="1", **{"targets-0-value": "24.196"}),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/campaigns/pledges/{pledge.pk}/"
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED


def test_a_refused_submission_saves_nothing_and_shows_what_was_typed(as_a, pledge):
    # One transaction for "save and submit": the submission refuses (no signer), so the
    # edits are not half-saved; the form comes back with the refusal and the typed text.
    data = form_data(pledge, submit="1", signer_name="", commitments="Cam kết mới", **{"targets-0-value": "24.196"})
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy nhập họ tên thủ trưởng đơn vị ký bản đăng ký." in html and "Cam kết mới" in html
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT and pledge.version == 1 and pledge.commitments == ""
    assert pledge.signer_name and pledge.targets.get(number=1).value is None


def test_the_second_of_two_concurrent_saves_is_refused_with_a_clear_message(as_a, pledge):
    stale = form_data(pledge, commitments="Người thứ hai")
    assert (
        as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, commitments="Người thứ nhất")).status_code
        == 302
    )
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", stale)
    assert response.status_code == 200
    assert "Người khác đã lưu" in response.content.decode() or "đã lưu bản ghi này" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.commitments == "Người thứ nhất"


def test_removing_a_common_target_through_the_form_is_refused(as_a, pledge):
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, **{"targets-0-DELETE": "on"}))
    assert response.status_code == 200 and "Không được xóa chỉ tiêu chung" in response.content.decode()
    assert pledge.targets.count() == 2


def test_removing_an_own_target_through_the_form(as_a, pledge, world):
    PledgeTargetFactory(pledge=pledge, number=3)
    data = form_data(pledge, **{"targets-0-value": "5", "targets-2-DELETE": "on"})
    assert as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", data).status_code == 302
    assert pledge.targets.count() == 2


def test_a_second_pledge_for_the_same_campaign_is_refused_with_a_message(as_a, pledge, world):
    response = as_a.post(f"/campaigns/{world.campaign.pk}/pledge/", {"year": 2023}, follow=True)
    assert "Đơn vị đã có bản đăng ký cho phong trào và năm này." in response.content.decode()
    assert Pledge.objects.count() == 1


def test_an_accepted_pledge_cannot_be_edited_through_the_form(as_a, pledge, world):
    pledge.targets.filter(number=1).update(value=1)
    services.accept_pledge(services.submit_pledge(pledge, world.official_a), world.head_staff)
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, commitments="Đổi"), follow=True)
    assert "Chỉ được sửa bản đăng ký đang soạn hoặc bị trả lại." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.commitments == "" and pledge.status == Pledge.Status.ACCEPTED


def test_another_units_pledge_is_403_everywhere(client, pledge, world):
    client.force_login(world.official_b)
    for url in ["", "edit/", "results/", "signed-copy/", "rows/targets/?targets-TOTAL_FORMS=2"]:
        assert client.get(f"/campaigns/pledges/{pledge.pk}/{url}").status_code == 403, url
    for url in ["edit/", "submit/", "accept/", "return/", "assess/", "signed-copy/upload/"]:
        assert client.post(f"/campaigns/pledges/{pledge.pk}/{url}", form_data(pledge)).status_code == 403, url
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT and pledge.version == 1


def test_the_unit_cannot_review_its_own_pledge(as_a, pledge):
    pledge.targets.filter(number=1).update(value=1)
    as_a.post(f"/campaigns/pledges/{pledge.pk}/submit/")
    assert as_a.post(f"/campaigns/pledges/{pledge.pk}/accept/").status_code == 403
    assert Pledge.objects.get().status == Pledge.Status.SUBMITTED


def test_return_needs_a_reason(client, pledge, world):
    pledge.targets.filter(number=1).update(value=1)
    services.submit_pledge(pledge, world.official_a)
    client.force_login(world.head_staff)
    response = client.post(f"/campaigns/pledges/{pledge.pk}/return/", {"reason": "  "}, follow=True)
    assert "Hãy nêu lý do trả lại bản đăng ký." in response.content.decode()
    assert Pledge.objects.get().status == Pledge.Status.SUBMITTED
    client.post(f"/campaigns/pledges/{pledge.pk}/return/", {"reason": "Thiếu chỉ tiêu"})
    assert Pledge.objects.get().status == Pledge.Status.RETURNED


def test_an_upload_that_is_not_really_a_pdf_is_refused_and_nothing_stored(as_a, pledge):
    fake = SimpleUploadedFile("giao-uoc.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, signed_copy=fake))
    assert response.status_code == 200 and "PDF, JPEG" in response.content.decode()
    pledge.refresh_from_db()
    assert not pledge.signed_copy and pledge.version == 1


def test_an_upload_over_ten_megabytes_is_refused(as_a, pledge, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, signed_copy=big))
    assert response.status_code == 200 and "MB" in response.content.decode()
    pledge.refresh_from_db()
    assert not pledge.signed_copy


def test_a_signed_copy_is_served_only_to_those_allowed(as_a, client, pledge, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = as_a.post(
        f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, signed_copy=SimpleUploadedFile("scan.pdf", PDF))
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.signed_copy.name.startswith("pledges/")
    download = as_a.get(f"/campaigns/pledges/{pledge.pk}/signed-copy/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    client.force_login(world.official_b)
    assert client.get(f"/campaigns/pledges/{pledge.pk}/signed-copy/").status_code == 403
    client.force_login(world.head_staff)
    assert client.get(f"/campaigns/pledges/{pledge.pk}/signed-copy/").status_code == 200


def test_results_form_reads_vietnamese_numbers_and_refuses_bad_ones(as_a, pledge, world):
    pledge.targets.filter(number=1).update(value=24196)
    pledge = services.accept_pledge(services.submit_pledge(pledge, world.official_a), world.head_staff)
    first, second = pledge.targets.order_by("number")
    url = f"/campaigns/pledges/{pledge.pk}/results/"
    bad = {"version": pledge.version, f"actual_{first.pk}": "-1", f"actual_{second.pk}": "", "results_report": ""}
    response = as_a.post(url, bad)
    assert response.status_code == 200 and "không được âm" in response.content.decode()
    assert not pledge.targets.filter(actual__isnull=False).exists()
    good = {
        "version": pledge.version,
        f"actual_{first.pk}": "21.698",
        f"actual_{second.pk}": "0",
        "results_report": "Hoàn thành cơ bản",
    }
    assert as_a.post(url, good).status_code == 302
    page = as_a.get(f"/campaigns/pledges/{pledge.pk}/").content.decode()
    assert "89,68%" in page and "21.698" in page and "24.196" in page


def test_htmx_rows_add_and_remove_in_place(as_a, pledge):
    row = as_a.get(f"/campaigns/pledges/{pledge.pk}/rows/targets/?targets-TOTAL_FORMS=2", HTTP_HX_REQUEST="true")
    html = row.content.decode()
    assert 'name="targets-2-name"' in html and 'id="id_targets-TOTAL_FORMS" value="3" hx-swap-oob="true"' in html
    assert "autofocus" in html
    person = as_a.get(f"/campaigns/pledges/{pledge.pk}/rows/individuals/?individuals-TOTAL_FORMS=0").content.decode()
    assert 'name="individuals-0-full_name"' in person
    removed = as_a.get(f"/campaigns/pledges/{pledge.pk}/rows/targets/removed/?name=targets-2&targets-2-id=9")
    assert 'name="targets-2-DELETE" value="on"' in removed.content.decode()
    assert as_a.get(f"/campaigns/pledges/{pledge.pk}/rows/targets/removed/?name=evil-1").status_code == 404
    assert as_a.get(f"/campaigns/pledges/{pledge.pk}/rows/other/?other-TOTAL_FORMS=1").status_code == 404


def test_launching_a_campaign_through_the_form(client, world):
    client.force_login(world.head_staff)
    data = {
        "version": 1,
        "name": "Thi đua chuyên đề cải cách hành chính 2023",
        "kind": "thematic",
        "level": "cluster",
        "launching_cluster": world.cluster.pk,
        "document_number": "02/KH-KV",
        "document_date": "15/02/2023",
        "issuing_body": "Sở Tư pháp tỉnh Đầu",
        "first_year": 2023,
        "last_year": 2023,
        "scope": "clusters",
        "registration_deadline": "2023-03-01",
        "titles": [world.flag.pk],
        "phases-TOTAL_FORMS": 1,
        "phases-INITIAL_FORMS": 0,
        "phases-0-number": 1,
        "phases-0-name": "Đợt 1",
        "phases-0-start": "2023-01-01",
        "phases-0-end": "2023-06-30",
        "phases-0-goal": "Chào mừng 11/6",
        "targets-TOTAL_FORMS": 1,
        "targets-INITIAL_FORMS": 0,
        "targets-0-number": 1,
        "targets-0-name": "Số thủ tục được cắt giảm",
        "targets-0-unit_of_measure": "thủ tục",
        "targets-0-direction": "at_least",
        "targets-0-default_value": "1.000",
    }
    response = client.post("/campaigns/new/?year=2023", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(document_number="02/KH-KV")
    assert campaign.targets.get().default_value == 1000 and campaign.phases.get().name == "Đợt 1"
    assert list(campaign.clusters.all()) == [world.cluster]
    bad = {**data, "document_number": "03/KH-KV", "phases-0-end": "2022-12-31", "last_year": 2022}
    response = client.post("/campaigns/new/?year=2023", bad)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Campaign.objects.filter(document_number="03/KH-KV").exists()


def test_only_launchers_open_the_launch_form(client, world):
    client.force_login(world.official_b)
    assert client.get("/campaigns/new/?year=2023").status_code == 200  # its own internal campaigns
    client.force_login(world.official_a)
    assert client.get(f"/campaigns/{world.campaign.pk}/edit/").status_code == 403
    client.force_login(world.official_out)
    assert client.get(f"/campaigns/{world.campaign.pk}/").status_code == 403


def grow(world, count):
    """``count`` more member units with pledges in every status, targets and individuals."""
    statuses = list(Pledge.Status.values)
    for index in range(count):
        unit = UnitFactory()
        MembershipFactory(cluster=world.cluster, unit=unit, year=2023, role=Membership.Role.MEMBER)
        pledge = PledgeFactory(
            campaign=world.campaign,
            unit=unit,
            status=statuses[index % len(statuses)],
            collective_title=world.flag,
            is_late=index % 3 == 0,
            return_reason="Lý do",
        )
        for number in (1, 2, 3):
            PledgeTargetFactory(pledge=pledge, number=number, actual=Decimal(90))


def test_lists_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    pages = {
        world.head_staff: [
            f"/campaigns/clusters/{world.cluster.slug}/?year=2023",
            f"/campaigns/clusters/{world.cluster.slug}/?year=2023&status=submitted",
            f"/campaigns/{world.campaign.pk}/?year=2023",
            f"/campaigns/{world.campaign.pk}/?year=2023&status=accepted&page=2",
            "/campaigns/pledges/?role=review&year=2023",
            "/campaigns/pledges/?role=review&year=2023&status=submitted",
            "/campaigns/?year=2023",
            f"/campaigns/clusters/{world.cluster.slug}/export.xlsx?year=2023",
        ],
        world.ministry: ["/campaigns/?year=2023", f"/campaigns/clusters/{world.cluster.slug}/?year=2023"],
        world.official_a: ["/campaigns/?year=2023", "/campaigns/pledges/?year=2023"],
    }

    def measure():
        counts = {}
        for user, urls in pages.items():
            client.force_login(user)
            for url in urls:
                # 15 + the bell + the calendar's pledge date (its step and the cluster's own date)
                with django_assert_max_num_queries(18) as captured:
                    assert client.get(url).status_code == 200, url
                counts[(user.username, url)] = len(captured.captured_queries)
        return counts

    grow(world, 30)  # enough for a second page of 25
    small = measure()
    grow(world, 40)
    assert measure() == small


def test_lists_filter_by_status_and_year_and_paginate(client, world):
    grow(world, 60)
    client.force_login(world.head_staff)
    response = client.get(f"/campaigns/{world.campaign.pk}/?year=2023&status=submitted")
    assert {p.status for p in response.context["page"]} == {"submitted"}
    assert response.context["page"].paginator.count == 10
    response = client.get(f"/campaigns/{world.campaign.pk}/?year=2023")
    assert len(response.context["page"].object_list) == 25 and response.context["page"].paginator.num_pages == 3
    response = client.get(f"/campaigns/clusters/{world.cluster.slug}/?year=2023&status=none")
    assert [row["membership"].unit for row in response.context["page"]] == [world.unit_a, world.unit_b, world.head_unit]
    response = client.get("/campaigns/pledges/?role=review&year=2022")
    assert response.context["page"].paginator.count == 0


def test_the_excel_export_lists_pledges_targets_and_results(client, world, pledge):
    pledge.targets.filter(number=1).update(value=24196, actual=21698)
    client.force_login(world.head_staff)
    response = client.get(f"/campaigns/clusters/{world.cluster.slug}/export.xlsx?year=2023")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    pledges, targets = workbook.worksheets
    assert pledges.cell(2, 1).value == "Cục Thi hành án dân sự tỉnh A"
    row = [cell.value for cell in targets[2]]
    assert row[:3] == ["Cục Thi hành án dân sự tỉnh A", 1, "Số việc thi hành xong"]
    assert row[5] == 24196 and row[6] == 21698 and row[7] == 89.68 and row[8] == "Không"
    client.force_login(world.official_a)
    assert client.get(f"/campaigns/clusters/{world.cluster.slug}/export.xlsx?year=2023").status_code == 403


def test_the_pledge_pages_run_a_fixed_number_of_queries(as_a, pledge, world, django_assert_max_num_queries):
    from .factories import PledgedIndividualFactory

    def measure():
        counts = []
        for url in ["edit/", "", "rows/individuals/?individuals-TOTAL_FORMS=3"]:
            with django_assert_max_num_queries(12) as captured:
                assert as_a.get(f"/campaigns/pledges/{pledge.pk}/{url}").status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    for _ in range(2):
        PledgedIndividualFactory(pledge=pledge, title=world.worker)
        PledgeTargetFactory(pledge=pledge)
    small = measure()
    for _ in range(20):
        PledgedIndividualFactory(pledge=pledge, title=world.worker)
        PledgeTargetFactory(pledge=pledge)
    assert measure() == small


def test_the_cluster_page_leads_the_head_staff_to_the_members_pledges(client, world):
    overview = f"/campaigns/clusters/{world.cluster.slug}/?year=2023"
    client.force_login(world.head_staff)
    assert f'href="{overview}"' in client.get(f"/clusters/{world.cluster.slug}/?year=2023").content.decode()
    client.force_login(world.official_a)  # a member, not the head
    assert overview not in client.get(f"/clusters/{world.cluster.slug}/?year=2023").content.decode()


def test_the_campaign_form_adds_phase_and_target_rows_in_place(client, world):
    client.force_login(world.head_staff)
    response = client.get("/campaigns/campaign-rows/targets/", {"targets-TOTAL_FORMS": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="targets-3-name"' in html and 'value="4"' in html  # numbered after the others
    assert 'id="id_targets-TOTAL_FORMS" value="4" hx-swap-oob="true"' in html
    assert (
        'name="phases-2-start"'
        in client.get("/campaigns/campaign-rows/phases/", {"phases-TOTAL_FORMS": "2"}).content.decode()
    )
    assert client.get("/campaigns/campaign-rows/targets/", {"targets-TOTAL_FORMS": "x"}).status_code == 400
    assert client.get("/campaigns/campaign-rows/other/", {"other-TOTAL_FORMS": "1"}).status_code == 404


def test_the_history_says_what_changed_and_keeps_the_return_reason(client, pledge, world):
    pledge = services.update_pledge(pledge, world.official_a, pledge.version, fields={"commitments": "Cam kết"})
    pledge.targets.update(value=Decimal(5))
    services.submit_pledge(pledge, world.official_a)
    services.return_pledge(pledge, world.head_staff, "Thiếu chỉ tiêu hòa giải")
    pledge.refresh_from_db()
    services.update_pledge(pledge, world.official_a, pledge.version, fields={"signer_position": "Phó Cục trưởng"})
    services.submit_pledge(pledge, world.official_a)
    client.force_login(world.head_staff)
    response = client.get(f"/campaigns/pledges/{pledge.pk}/")
    lines = [(str(line.what), [str(f) for f in line.fields], line.reason) for line in response.context["history"]]
    assert lines == [
        ("Dự thảo → Đã gửi", [], ""),
        ("Bị trả lại → Dự thảo", ["Chức vụ người ký"], ""),
        ("Đã gửi → Bị trả lại", [], "Thiếu chỉ tiêu hòa giải"),
        ("Dự thảo → Đã gửi", [], ""),
        ("Sửa nội dung", ["Nội dung cam kết"], ""),
        ("Tạo mới ở trạng thái Dự thảo", [], ""),
    ]
    html = response.content.decode()
    assert 'data-testid="history-reason"' in html and "Thiếu chỉ tiêu hòa giải" in html


def test_the_edit_form_links_the_signed_copy_by_its_own_name_through_the_checked_download(
    as_a, pledge, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Giao ước đã ký.pdf", PDF)
    assert as_a.post(f"/campaigns/pledges/{pledge.pk}/edit/", form_data(pledge, signed_copy=upload)).status_code == 302
    html = as_a.get(f"/campaigns/pledges/{pledge.pk}/edit/").content.decode()
    assert f'href="/campaigns/pledges/{pledge.pk}/signed-copy/"' in html and "Giao ước đã ký.pdf" in html
    assert "/media/" not in html


def test_a_campaign_whose_date_the_source_does_not_give_says_so(client, world):
    """Seed 000 names 131/QĐ-BTP without its date: the campaign is kept with the date empty,
    and its pages say the date is not known instead of printing an empty date."""
    Campaign.objects.filter(pk=world.campaign.pk).update(document_number="131/QĐ-BTP", document_date=None)
    client.force_login(world.head_staff)
    detail = client.get(f"/campaigns/{world.campaign.pk}/?year=2023").content.decode()
    listing = client.get("/campaigns/?year=2023").content.decode()
    for html in (detail, listing):
        assert "131/QĐ-BTP (chưa rõ ngày)" in " ".join(html.split())
    assert world.campaign.__class__.objects.get(pk=world.campaign.pk).document_date_label == "chưa rõ ngày"
