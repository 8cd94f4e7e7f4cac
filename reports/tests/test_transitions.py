"""The report job's machine walked state × action × role: the job page offers "retry"
exactly when the service accepts it; the worker's actions follow the same table."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from emulation.models import Membership
from emulation.tests.factories import ClusterFactory, MembershipFactory, OfficialFactory, UnitFactory, UserFactory
from emulation.transitions import walk
from reports import services
from reports.models import ReportJob
from reports.transitions import JOB, USER_ACTIONS

from .factories import ReportJobFactory

pytestmark = pytest.mark.django_db

S = ReportJob.State


class _Rollback(Exception):
    pass


def accepts_retry(job, user):
    try:
        with transaction.atomic():
            services.retry_job(job, user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


@pytest.fixture
def people(db):
    cluster = ClusterFactory()
    head, member, other = UnitFactory(), UnitFactory(), UnitFactory()
    MembershipFactory(cluster=cluster, unit=head, year=2022, role=Membership.Role.HEAD)
    MembershipFactory(cluster=cluster, unit=member, year=2022)
    office = UnitFactory(is_emulation_office=True)

    def official(unit):
        user = UserFactory()
        OfficialFactory(user=user, unit=unit)
        return user

    roles = {
        "head_staff": official(head),
        "member": official(member),
        "outsider": official(other),
        "ministry": official(office),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    return cluster, roles


@pytest.mark.parametrize("role", ["head_staff", "member", "outsider", "ministry", "superuser"])
def test_the_job_page_offers_retry_exactly_when_the_service_accepts_it(client, people, role, no_enqueue):
    cluster, roles = people
    user = roles[role]
    client.force_login(user)
    job = ReportJobFactory(cluster=cluster, requested_by=roles["head_staff"])
    for state, action in walk(JOB, ReportJob):
        if action not in USER_ACTIONS:
            continue
        ReportJob.objects.filter(pk=job.pk).update(state=state)
        job.refresh_from_db()
        response = client.get(f"/reports/jobs/{job.pk}/")
        offered = response.status_code == 200 and 'data-testid="retry"' in response.content.decode()
        assert offered == accepts_retry(job, user), (role, state)


@pytest.mark.parametrize("state", list(S.values))
def test_the_worker_moves_a_job_only_where_the_table_allows(state, no_enqueue):
    job = ReportJobFactory(state=state)
    started = services.start_job(job.pk)
    assert (started is not None) == JOB.allows(job, "start")
    job = ReportJobFactory(state=state, year=2021)
    services.fail_job(job.pk, "lỗi")
    job.refresh_from_db()
    assert (job.state == S.FAILED) == (state in JOB["fail"].source or state == S.FAILED)


def test_a_wrong_state_is_refused_with_a_message(client, people, no_enqueue):
    cluster, roles = people
    job = ReportJobFactory(cluster=cluster, state=S.DONE)
    client.force_login(roles["head_staff"])
    response = client.post(f"/reports/jobs/{job.pk}/retry/", follow=True)
    assert response.status_code == 200 and "Chỉ" in response.content.decode()
    job.refresh_from_db()
    assert job.state == S.DONE
