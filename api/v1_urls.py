"""/api/v1/: a breaking change of any response goes to /api/v2/, never here (docs/api.md)."""

from django.urls import path

from . import docs, views

app_name = "api_v1"

urlpatterns = [
    path("units/", views.UnitList.as_view(), name="units"),
    path("clusters/", views.ClusterList.as_view(), name="clusters"),
    path("memberships/", views.MembershipList.as_view(), name="memberships"),
    path("award-records/", views.AwardRecordList.as_view(), name="award_records"),
    path("decisions/", views.IssuedDecisionList.as_view(), name="decisions"),
    path("persons/<str:cccd>/awards/", views.PersonAwards.as_view(), name="person_awards"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.page, name="docs"),
]
