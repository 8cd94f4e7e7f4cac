"""The journey of issue 10, in the browser: on 3 December ministry staff create a new cluster
for next year with four new units and their officials; an official sets their own password
from the e-mailed link, logs in, finds next year's campaign waiting on the dashboard (the
working year) and registers the unit's pledge."""

import datetime
import re

import pytest
from django.core import mail

from campaigns.models import Pledge
from campaigns.tests.factories import CampaignFactory
from emulation import years
from emulation.models import Cluster, Membership, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = [
    "Sở Tư pháp tỉnh Đắk Lắk",
    "Cục Thi hành án dân sự tỉnh Đắk Lắk",
    "Sở Tư pháp tỉnh Gia Lai",
    "Sở Tư pháp tỉnh Kon Tum",
]


def test_a_new_cluster_for_next_year_from_set_up_to_pledge(open_as, chromium, live_server, monkeypatch):
    monkeypatch.setattr(years, "today", lambda: datetime.date(2026, 12, 3))
    page = open_as("bo")
    page.goto(page.base_url + "/setup/2027/")
    page.click("[data-testid=new-cluster]")
    page.fill("#id_name", "Cụm thi đua số VII")
    page.fill("#id_first_year", "2027")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/clusters/cum-thi-dua-so-vii/"))
    for name in UNITS:
        page.goto(page.base_url + "/setup/units/new/")
        page.fill("#id_name", name)
        page.select_option("#id_type", "doj" if name.startswith("Sở") else "thads")
        page.click("[data-testid=save]")
        page.wait_for_url(re.compile(r"/units/"))
    page.screenshot(path="/tmp/unit-created.png", full_page=True)
    page.goto(page.base_url + "/setup/2027/clusters/cum-thi-dua-so-vii/members/")
    for name in UNITS:
        page.get_by_label(name, exact=True).check()
    page.screenshot(path="/tmp/cluster-members.png", full_page=True)
    page.click("[data-testid=save-members]")
    page.wait_for_selector("[data-testid=member]")
    cluster = Cluster.objects.get(slug="cum-thi-dua-so-vii")
    assert Membership.objects.filter(cluster=cluster, year=2027).count() == 4

    unit = Unit.objects.get(name=UNITS[0])
    page.goto(page.base_url + f"/units/{unit.slug}/officials/new/")
    page.fill("#id_o-0-full_name", "Phạm Văn An")
    page.fill("#id_o-0-email", "an@daklak.gov.vn")
    page.fill("#id_o-0-position", "Giám đốc")
    page.check("#id_o-0-is_unit_head")
    page.fill("#id_o-1-full_name", "Vũ Thị Bình")
    page.fill("#id_o-1-email", "binh@daklak.gov.vn")
    page.screenshot(path="/tmp/officials-new.png", full_page=True)
    page.click("[data-testid=create-officials]")
    page.wait_for_url(re.compile(rf"/units/{unit.slug}/$"))
    assert len(mail.outbox) == 2
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)

    # The cluster's head launches next year's regular campaign (campaigns' own browser tests
    # walk that form); once logged in, the official's dashboard opens on 2027 and says it waits for a pledge.
    campaign = CampaignFactory(
        launching_cluster=cluster, first_year=2027, last_year=2027, document_date=datetime.date(2026, 11, 30)
    )
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    official = context.new_page()
    official.goto(link)
    official.fill("#id_new_password1", "Cum-VII-2027-an")
    official.fill("#id_new_password2", "Cum-VII-2027-an")
    official.screenshot(path="/tmp/set-password.png")
    official.click("[data-testid=set-password]")
    official.click("[data-testid=to-login]")
    official.fill("#id_username", "an@daklak.gov.vn")
    official.fill("#id_password", "Cum-VII-2027-an")
    official.press("#id_password", "Enter")
    official.wait_for_url(f"{live_server.url}/")
    assert "Sở Tư pháp tỉnh Đắk Lắk" in official.content()

    official.goto(f"{live_server.url}/")
    assert "2027" in official.locator("h1").inner_text()
    official.get_by_text("Phong trào cần đăng ký thi đua").click()
    official.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    official.get_by_test_id("create-pledge").click()
    official.wait_for_url("**/edit/")
    official.screenshot(path="/tmp/journey-pledge.png", full_page=True)
    assert Pledge.objects.filter(campaign=campaign, unit=unit, year=2027).exists()
    context.close()
