"""A direct nomination has no cluster (an official proposes a title that no cluster votes on).
Issue 13 found that one such draft made every sector summary of its year fail, retries included
(the nominations section read the cluster's name). It is listed with a dash for its cluster."""

import pytest
from django.contrib.auth import get_user_model

from awards import services
from emulation.models import Title, Unit
from reports import builders
from reports.models import ReportKind

from .pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_a_draft_direct_nomination_does_not_break_the_sector_summary(full_demo):
    unit = Unit.objects.get(name="Cục Thi hành án dân sự tỉnh Lào Cai")
    by = get_user_model().objects.get(username="canbo")
    title = Title.objects.get(code="bang-khen-bo-truong")
    nomination = services.create_nomination(title, 2022, unit, by, person_name="Đinh Thị Lan")
    assert nomination.cluster is None and nomination.state == nomination.State.DRAFT
    built = builders.report_for(builders.Params(ReportKind.SECTOR_YEAR, 2022, None, None, "", None)).build()
    flat = " ".join(pdf_text(built.pdf).split())
    listed = flat.split("Bằng khen của Bộ trưởng Bộ Tư pháp")[1].split("TỔNG HỢP CHUNG")[0]
    assert "Đinh Thị Lan, Cục Thi" in listed and "— Dự thảo" in listed  # no cluster: a dash
