"""Reads of the core's structure for the apps above it that keep to queries (the API):
units, clusters and a year's memberships, each in a fixed number of queries, in a stable order
(by primary key) so that pages of a list never skip or repeat a row."""

from .models import Cluster, Membership, ReportedFigure, Unit


def units():
    return Unit.objects.select_related("parent", "successor").order_by("pk")


def clusters():
    return Cluster.objects.select_related("parent").order_by("pk")


def memberships(year):
    return Membership.objects.in_year(year).select_related("cluster", "unit").order_by("cluster_id", "unit_id", "pk")


def reported_figures(cluster, year):
    """The figures the cluster's own report states for ``year``, in their order (one query)."""
    return list(ReportedFigure.objects.filter(cluster=cluster, year=year).order_by("order", "pk"))
