"""The papers generated from an award dossier: the cover letter (tờ trình) and the list of
recipients (danh sách trích ngang), in the official layout, for those who may see the dossier."""

import datetime

import pytest

from awards.tests.test_dossiers import complete_draft, make_world
from reports import dossier_papers

from .pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_world(db):
    world = make_world()
    return world, complete_draft(world)


def _flat(pdf):
    return " ".join(pdf_text(pdf).split())


def test_the_cover_letter_proposes_each_title_with_its_count(dossier_world):
    world, dossier = dossier_world
    paper = dossier_papers.cover_letter(dossier.pk, when=datetime.date(2025, 12, 5))
    text = _flat(paper.pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỜ TRÌNH" in text
    assert "THI HÀNH ÁN DÂN SỰ TỈNH LÀO CAI" in text
    assert "Chiến sĩ thi đua Bộ: 1 cá nhân" in text
    assert "Cờ thi đua ngành Tư pháp: 1 tập thể" in text
    assert "Vụ Tổ chức cán bộ" in text
    assert paper.filename == f"to-trinh-{dossier.pk}.pdf"


def test_the_list_names_each_recipient_with_year_of_birth_and_summary(dossier_world):
    world, dossier = dossier_world
    text = _flat(dossier_papers.recipient_list(dossier.pk, when=datetime.date(2025, 12, 5)).pdf)
    assert "DANH SÁCH" in text
    assert "Nguyễn Thị Lan" in text and "1985" in text and "Hoàn thành" in text  # cells wrap: short words
    assert "I. Cá nhân" in text and "II. Tập thể" in text


def test_only_those_who_see_the_dossier_download_its_papers(client, dossier_world):
    world, dossier = dossier_world
    url = f"/reports/dossier/{dossier.pk}/recipients.pdf"
    client.force_login(world.roles["outsider"])
    assert client.get(url).status_code == 403
    client.force_login(world.roles["preparer"])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get("/reports/dossier/999999/cover-letter.pdf").status_code == 404
