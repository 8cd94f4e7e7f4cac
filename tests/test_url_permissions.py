"""Every URL of the application, for every role and for visitors without one.

- An anonymous visitor is sent to the login page by every URL except the public ones.
- No demo role ever gets a server error on any page.
- An outsider (an official of a unit that belongs to no cluster and owns nothing) may open
  the pages listed in OPEN_TO_EVERY_OFFICIAL and nothing else: any other URL must refuse
  (403/404) or send them away. A new URL that lets the outsider in fails this test until
  it is given a rule or added to that list on purpose.

URL arguments come from the demo data (SAMPLES below); a new kind of argument fails the
test with a message saying where to add it.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from emulation.models import Official
from emulation.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "password_reset_confirm",
    "password_reset_complete",
    "schedule:feed",
    # anyone may check a signed document (reports/signing.py); reports:sign is walked with the job's pk
    "reports:verify",
    # the decisions' public list and the proposals published for comment (issue 15)
    "awards:decisions_public",
    "awards:consultations_public",
    "awards:consultation_comment",
}

# Pages any logged-in official may open: lists filtered to what they may see, forms to start
# their own work, and the sector's public structure.
OPEN_TO_EVERY_OFFICIAL = {
    # the sector's structure is public to its officials
    "dashboard",
    "cluster_list",
    "cluster_detail",
    "cluster_figures",  # the figures a cluster's report states (only its head and ministry staff add them)
    "unit_list",
    "unit_detail",
    # lists show only what the user may see
    "campaigns:index",
    "campaigns:pledge_list",
    "scoring:index",
    "scoring:tables",
    "scoring:cards",
    "scoring:ranking",
    "scoring:ranking_export",
    "awards:index",
    "awards:nomination_list",
    "awards:history",
    "awards:rules",
    "awards:handover_list",
    "awards:dossier_list",  # a unit's dossiers and those it reviews
    "awards:dossier_inbox",  # what waits on the user's unit
    "awards:requirements",  # the checklist of required documents is public rule data
    # the dated rule rows are public rule data too (ministry staff alone edit them)
    "awards:decision_basis_list",
    "awards:base_salary_list",
    "awards:reward_amount_list",
    "awards:consultation_rule_list",
    "awards:history_unmatched",  # an official matches their own unit's records only
    "campaigns:individuals_unlinked",  # an official links their own unit's registered persons only
    "awards:council_rule_list",
    "reports:index",
    "reports:certificates",  # a unit's own layouts and the decisions awarding its staff
    "people:index",  # sends an official to their own unit's roster
    "people:transfers",  # only transfers to and from the user's own unit
    # the prerequisites of titles are public rules (ministry staff alone edit them)
    "people:prerequisites",
    # everyone's own calendar, notifications, e-mail preferences and private feed link
    "schedule:index",
    "schedule:notifications",
    "schedule:read_all",
    "schedule:preferences",
    "schedule:feed_link",
    # any unit launches its own internal campaigns and proposes its own nominations
    "campaigns:campaign_new",
    "campaigns:campaign_formset_row",  # an empty row of that form, nothing of anyone's data
    "awards:nomination_create",
    "awards:dossier_create",  # any unit prepares its own dossier
    "awards:history_template",
    "scoring:open_card",
    # the first demo campaign is sector-wide: every unit is in its scope and may pledge
    "campaigns:campaign_detail",
    "campaigns:pledge_create",
    # criteria tables are published by ministerial decision
    "scoring:table",
    "scoring:table_export",
}

# url kwarg (or "url name:kwarg") → (app label.model, lookup) giving a demo object's value.
SAMPLES = {
    "slug": ("emulation.Cluster", "slug"),
    "unit_detail:slug": ("emulation.Unit", "slug"),
    "unit_edit:slug": ("emulation.Unit", "slug"),
    "officials_new:slug": ("emulation.Unit", "slug"),
    "official_deactivate:pk": ("emulation.Official", "pk"),
    "figure_remove:pk": ("emulation.ReportedFigure", "pk"),
    "year": None,  # the demo's working year
    "campaigns:pk": ("campaigns.Pledge", "pk"),
    "campaigns:campaign_detail:pk": ("campaigns.Campaign", "pk"),
    "campaigns:campaign_edit:pk": ("campaigns.Campaign", "pk"),
    "campaigns:pledge_create:pk": ("campaigns.Campaign", "pk"),
    "campaigns:campaign_participants:pk": ("campaigns.Campaign", "pk"),
    "scoring:pk": ("scoring.Scorecard", "pk"),
    "scoring:entry_pk": ("scoring.ScoreEntry", "pk"),
    "scoring:criterion_pk": ("scoring.Criterion", "pk"),
    "scoring:evidence_file:pk": ("scoring.Evidence", "pk"),
    "scoring:evidence_delete:pk": ("scoring.Evidence", "pk"),
    "awards:pk": ("awards.Vote", "pk"),
    "awards:candidate_pk": ("awards.Candidate", "pk"),
    "awards:voter_pk": ("awards.Voter", "pk"),
    "awards:attachment_pk": ("awards.Attachment", "pk"),
    "awards:rule_edit:pk": ("awards.TitleRule", "pk"),
    "awards:requirement_edit:pk": ("awards.DocumentRequirement", "pk"),
    "awards:decision_basis_edit:pk": ("awards.DecisionBasis", "pk"),
    "awards:base_salary_edit:pk": ("awards.BaseSalary", "pk"),
    "awards:reward_amount_edit:pk": ("awards.RewardAmount", "pk"),
    "awards:consultation_rule_edit:pk": ("awards.ConsultationRule", "pk"),
    "awards:council_rule_edit:pk": ("awards.CouncilRule", "pk"),
    "awards:unit_council_sessions:slug": ("emulation.Unit", "slug"),  # a unit's council: its head, members, ministry
    "awards:line_pk": ("awards.DossierLine", "pk"),
    "awards:document_pk": ("awards.DossierDocument", "pk"),
    "awards:decision_pk": ("awards.Decision", "pk"),
    "awards:decision_line_pk": ("awards.DecisionLine", "pk"),
    "awards:consultation_pk": ("awards.Consultation", "pk"),
    "awards:dossier_pk": ("awards.Dossier", "pk"),
    "awards:record_pk": ("awards.AwardRecord", "pk"),
    "campaigns:row_pk": ("campaigns.PledgedIndividual", "pk"),
    "awards:comment_pk": ("awards.Comment", "pk"),
    "reports:decision_pk": ("awards.Decision", "pk"),
    "reports:session_pk": ("awards.CouncilSession", "pk"),
    "reports:layout_pk": ("reports.CertificateLayout", "pk"),
    "reports:line_pk": ("awards.DecisionLine", "pk"),
    "reports:pk": ("reports.ReportJob", "pk"),
    "reports:dossier_cover_letter:pk": ("awards.Dossier", "pk"),
    "reports:dossier_recipients:pk": ("awards.Dossier", "pk"),
    "reports:dossier_cover_letter_docx:pk": ("awards.Dossier", "pk"),
    "reports:dossier_recipients_docx:pk": ("awards.Dossier", "pk"),
    "reports:vote_id": ("awards.Vote", "pk"),
    "prefix": None,  # a formset prefix
    "people:slug": ("emulation.Unit", "slug"),
    "people:pk": ("people.Person", "pk"),
    "people:person_pk": ("people.Person", "pk"),
    "people:member_pk": ("people.CouncilMember", "pk"),
    "people:title_pk": ("people.IndividualTitle", "pk"),
    "people:transfer_pk": ("people.Transfer", "pk"),
    "people:rule_pk": ("people.Prerequisite", "pk"),
    "people:initiative_pk": ("people.Initiative", "pk"),
    "schedule:pk": ("schedule.Notification", "pk"),
    "schedule:key": ("emulation.User", "username"),  # not a feed key: the feed must answer 404
    "api:pk": ("api.ApiClient", "pk"),
}
TABLE_URLS = "scoring:table"
NOMINATION_URLS = "awards:nomination"
DOSSIER_URLS = "awards:dossier"
COUNCIL_URLS = "awards:council_session"


def url_patterns(patterns=None, namespace=""):
    """(name, pattern) of every named URL, admin excluded."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/") or entry.namespace == "admin":
                continue
            if entry.namespace == "api_v1":  # tokens, not sessions: api/tests/test_walk.py walks it
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def sample_value(name, kwarg, year):
    if kwarg == "year":
        return year
    if kwarg == "prefix":
        return "targets"
    if kwarg in ("uidb64", "token"):  # a set-password link (public; an invalid one says so)
        return "MQ" if kwarg == "uidb64" else "invalid-token"
    app = name.split(":")[0] if ":" in name else ""
    if kwarg == "pk" and name.startswith(TABLE_URLS):
        source = ("scoring.CriteriaTable", "pk")
    elif kwarg == "pk" and name.startswith(NOMINATION_URLS):
        source = ("awards.Nomination", "pk")
    elif kwarg == "pk" and name.startswith(DOSSIER_URLS):
        source = ("awards.Dossier", "pk")
    elif kwarg == "pk" and name.startswith(COUNCIL_URLS):
        source = ("awards.CouncilSession", "pk")
    else:
        source = SAMPLES.get(f"{name}:{kwarg}") or SAMPLES.get(f"{app}:{kwarg}") or SAMPLES.get(kwarg)
    if source is None:
        pytest.fail(f"No sample for <{kwarg}> of {name}: add one to SAMPLES in {__file__}")
    model = apps.get_model(source[0])
    row = model.objects.order_by("pk").values_list(source[1], flat=True).first()
    if row is None:
        pytest.fail(f"The demo data has no {source[0]} for {name}")
    return row


def sample_urls():
    from emulation.services import working_year

    year = working_year()
    urls = {}
    for name, pattern in url_patterns():
        kwargs = {kwarg: sample_value(name, kwarg, year) for kwarg in pattern.pattern.regex.groupindex}
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


@pytest.fixture
def urls(demo, settings):
    from django.contrib.auth import get_user_model

    from reports import services
    from reports.models import ReportKind
    from reports.permissions import Target

    ministry = get_user_model().objects.get(username="bo")
    services.request_report(ministry, Target(ReportKind.SECTOR_YEAR, 2023))  # a job for the report URLs
    _files_to_download(ministry, settings)
    _consultation_with_a_comment(ministry)
    return sample_urls()


def _consultation_with_a_comment(user):
    """A dossier published for comment, with one comment, so the consultation URLs are walked."""
    import datetime

    from awards.models import Comment, Consultation, Dossier

    dossier = Dossier.objects.order_by("pk").first()
    today = datetime.date.today()
    consultation = Consultation.objects.create(dossier=dossier, starts_on=today, ends_on=today, opened_by=user)
    line = dossier.lines.order_by("pk").first()
    consultation.lines.add(line)
    Comment.objects.create(consultation=consultation, line=line, text="Ý kiến")


def _files_to_download(user, settings):
    """A nomination attachment and a piece of evidence, so their download URLs are walked too."""
    from django.core.files.base import ContentFile

    from awards.models import Attachment, Nomination
    from scoring.models import Evidence, ScoreEntry

    pdf = b"%PDF-1.4\n%%EOF\n"
    if not Attachment.objects.exists():
        attachment = Attachment(
            nomination=Nomination.objects.order_by("pk").first(), description="Tờ trình", uploaded_by=user
        )
        attachment.file.save("to-trinh.pdf", ContentFile(pdf), save=True)
    if not Evidence.objects.exists():
        evidence = Evidence(entry=ScoreEntry.objects.order_by("pk").first(), uploaded_by=user)
        evidence.file.save("minh-chung.pdf", ContentFile(pdf), save=True)


def test_anonymous_visitors_are_sent_to_the_login_page(client, urls):
    for name, url in urls.items():
        if name in PUBLIC:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), f"{name} {url}: {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), f"{name} {url}"


@pytest.mark.parametrize("username", ["canbo", "thutruong", "truongcum", "bo", "admin"])
def test_no_page_fails_for_any_role(client, login, urls, username):
    login(username)
    dashes = []
    for name, url in urls.items():
        if name == "logout":
            continue
        response = client.get(url)
        assert response.status_code < 500, f"{name} {url} as {username}: {response.status_code}"
        if response.status_code == 200 and not response.streaming and b">---------<" in response.content:
            dashes.append(f"{name} {url}")
    assert not dashes, "Lists whose empty choice reads '---------' (give it a Vietnamese label):\n" + "\n".join(dashes)


def test_the_lists_of_rules_name_real_urls(urls):
    assert set(urls) >= PUBLIC and set(urls) >= OPEN_TO_EVERY_OFFICIAL, (PUBLIC | OPEN_TO_EVERY_OFFICIAL) - set(urls)


def test_an_outsider_opens_only_the_pages_open_to_every_official(client, urls):
    outsider = UserFactory(username="nguoila")
    Official.objects.create(user=outsider, unit=UnitFactory(name="Sở Tư pháp tỉnh Ngoài Cụm"), position="Chuyên viên")
    client.force_login(outsider)
    let_in = []
    for name, url in urls.items():
        if name in PUBLIC or name in OPEN_TO_EVERY_OFFICIAL:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in (302, 403, 404, 405) or (
                response.status_code == 302 and response["Location"].startswith(url)
            ):
                let_in.append(f"{method.upper()} {name} {url} → {response.status_code}")
    assert not let_in, (
        "These URLs let in an official of an unrelated unit: give each view a permission rule, or add it to "
        "OPEN_TO_EVERY_OFFICIAL on purpose:\n" + "\n".join(let_in)
    )
