"""What later apps contribute to the core pages, without the core importing them.

Dependencies point one way (reports → awards → scoring → campaigns → emulation), so
the core's navigation and the dashboard's "needs your action" list are filled by the
later apps from their ``AppConfig.ready()``:

    registry.add_nav_item(_("Campaigns"), "campaigns:index", order=20)
    registry.add_action_provider(pending_pledge_actions)

An action provider is ``provider(user, year) -> iterable of Action``; it must run a
fixed number of queries whatever the data size.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    permission: str = ""  # a rules permission the user must have to see the link


@dataclass(frozen=True)
class Action:
    """One line of "việc cần làm": what to do, where, and how many are waiting."""

    label: str
    url: str
    count: int = 1
    kind: str = "primary"  # a Bootstrap colour: primary, warning, danger


nav_items = []
action_providers = []


def add_nav_item(label, url_name, order=50, permission=""):
    if not any(item.url_name == url_name for item in nav_items):
        nav_items.append(NavItem(label, url_name, order, permission))
        nav_items.sort(key=lambda item: item.order)


def add_action_provider(provider):
    if provider not in action_providers:
        action_providers.append(provider)


def actions_for(user, year):
    actions = []
    for provider in action_providers:
        actions.extend(provider(user, year))
    return actions


open_years_providers = []


def add_open_years_provider(provider):
    """``provider(user) -> iterable of years`` in which this user has open work (open
    registrations, draft pledges, scorecards, open votes …) that the to-do providers
    would not be asked about: they are asked only for last, this and next year. At most
    one query, whatever the data size."""
    if provider not in open_years_providers:
        open_years_providers.append(provider)


def open_years_for(user):
    years = set()
    for provider in open_years_providers:
        years.update(provider(user))
    return years


demo_loaders = []


def add_demo_loader(loader, order=50):
    """``seed_demo`` runs the core's demo data, then each app's ``loader()`` by order."""
    if all(existing is not loader for _, existing in demo_loaders):
        demo_loaders.append((order, loader))
        demo_loaders.sort(key=lambda pair: pair[0])


scale_loaders = []


def add_scale_loader(loader, order=50):
    """``seed_scale`` builds the core's sector-sized data, then calls each app's
    ``loader(plan)`` by order (``plan`` is an ``emulation.scale.Plan``)."""
    if all(existing is not loader for _, existing in scale_loaders):
        scale_loaders.append((order, loader))
        scale_loaders.sort(key=lambda pair: pair[0])


@dataclass(frozen=True)
class ClusterLink:
    """A button on a cluster's page for a year: ``url(cluster, year)`` where it leads,
    shown when ``visible(user, cluster, year)``."""

    label: str
    url: Callable
    visible: Callable
    order: int = 50


cluster_links = []


def add_cluster_link(label, url, visible, order=50):
    if all(link.label != label for link in cluster_links):
        cluster_links.append(ClusterLink(label, url, visible, order))
        cluster_links.sort(key=lambda link: link.order)


def cluster_links_for(user, cluster, year):
    """(label, url) of the links this user may follow from the cluster's page."""
    return [(link.label, link.url(cluster, year)) for link in cluster_links if link.visible(user, cluster, year)]


common_target_providers = []


def add_common_targets_provider(provider):
    """``provider(cluster, year)`` → {number: name} of the common targets the cluster's
    members pledge that year (campaigns: its regular campaign's), for the figures a cluster
    reports as the total of one of them."""
    if provider not in common_target_providers:
        common_target_providers.append(provider)


def common_targets(cluster, year):
    found = {}
    for provider in common_target_providers:
        for number, name in provider(cluster, year).items():
            found.setdefault(number, name)
    return dict(sorted(found.items()))
