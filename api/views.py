"""The endpoints of /api/v1/: read-only lists, each needing one scope of the client's token.

Authentication, throttling and pagination are the REST_FRAMEWORK defaults in settings (token,
per client, page size bounded); every list runs a fixed number of queries per page."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from awards import queries as awards
from emulation import queries as structure
from people import queries as people
from people.cccd import DIGITS
from people.services.roster import log_outside_access

from . import serializers
from .models import Scope
from .permissions import HasScope, MaySeeCccd

FIRST_YEAR, LAST_YEAR = 1990, 2100
YEAR = OpenApiParameter("year", int, description=f"A year, {FIRST_YEAR}–{LAST_YEAR}.")
REQUIRED_YEAR = OpenApiParameter("year", int, required=True, description=f"A year, {FIRST_YEAR}–{LAST_YEAR}.")


def requested_year(request, required=False):
    value = request.query_params.get("year")
    if value in (None, "") and not required:
        return None
    if not (value or "").isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValidationError({"year": f"A year from {FIRST_YEAR} to {LAST_YEAR} is required."})
    return int(value)


class ScopedList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasScope]
    scope = None


@extend_schema(summary="Units of the sector", tags=["structure"])
class UnitList(ScopedList):
    scope = Scope.STRUCTURE
    serializer_class = serializers.Unit

    def get_queryset(self):
        return structure.units()


@extend_schema(summary="Clusters, regions and blocs", tags=["structure"])
class ClusterList(ScopedList):
    scope = Scope.STRUCTURE
    serializer_class = serializers.Cluster

    def get_queryset(self):
        return structure.clusters()


@extend_schema(summary="Memberships of clusters in a year, with leadership roles", tags=["structure"],
               parameters=[REQUIRED_YEAR])  # fmt: skip
class MembershipList(ScopedList):
    scope = Scope.STRUCTURE
    serializer_class = serializers.Membership

    def get_queryset(self):
        return structure.memberships(requested_year(self.request, required=True))


@extend_schema(summary="Award records (the award history)", tags=["awards"], parameters=[YEAR])
class AwardRecordList(ScopedList):
    scope = Scope.AWARDS
    serializer_class = serializers.AwardRecord

    def get_queryset(self):
        return awards.award_records(requested_year(self.request))


@extend_schema(
    summary="Issued decisions and their recipients",
    description="Approved nominations with their decision's number and date, one row per recipient "
    "(until the application keeps a register of decisions).",
    tags=["awards"],
    parameters=[YEAR],
)
class IssuedDecisionList(ScopedList):
    scope = Scope.AWARDS
    serializer_class = serializers.IssuedDecision

    def get_queryset(self):
        return awards.issued_decisions(requested_year(self.request))


class PersonAwards(APIView):
    """The award records of a person found by their identification number. Only for clients
    allowed to see it; every read is written to the personal-data access log."""

    permission_classes = [IsAuthenticated, HasScope, MaySeeCccd]
    scope = Scope.PERSONS

    @extend_schema(summary="Award records of a person by identification number (CCCD)", tags=["persons"],
                   responses=serializers.PersonAwards)  # fmt: skip
    def get(self, request, cccd):
        person = people.person_by_cccd(cccd) if DIGITS.match(cccd) else None
        if person is None:
            raise Http404("No person has this identification number.")
        client = request.auth
        log_outside_access(person, f"API: {client.name}", client.owner_unit_id, "API v1: award records by CCCD")
        unit_ids = {posting.unit_id for posting in person.postings.all()}
        data = {
            "person": person,
            "recognised_titles": people.recognised_titles(person),
            "award_records": awards.person_award_records(person.full_name, unit_ids),
        }
        return Response(serializers.PersonAwards(data, context={"full_cccd": True}).data)
