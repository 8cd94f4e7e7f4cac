"""What later apps add to campaigns' pages without campaigns importing them (the layering
keeps campaigns below reports): today a link on a cluster's progress page for a phase, the
way to ask for that phase's review (sơ kết đợt), which reports builds.

    registry.add_phase_link(label, url, visible)

``url(cluster, phase)`` is where the link leads; it is shown when ``visible(user, cluster,
year)``, which must run a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseLink:
    label: str
    url: Callable
    visible: Callable
    order: int = 50


phase_links = []


def add_phase_link(label, url, visible, order=50):
    if all(link.label != label for link in phase_links):
        phase_links.append(PhaseLink(label, url, visible, order))
        phase_links.sort(key=lambda link: link.order)


def phase_links_for(user, cluster, phase):
    """(label, url) of the links this user may follow from the cluster's page for ``phase``."""
    year = phase.end.year
    return [(link.label, link.url(cluster, phase)) for link in phase_links if link.visible(user, cluster, year)]
