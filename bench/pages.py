"""The key pages `make bench` times, each beside the admin change list of the same model."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    username: str
    admin_url: str = ""


PAGES = [
    Page("dashboard (official)", "/", "canbo", "/admin/emulation/membership/"),
    Page("dashboard (cluster head)", "/", "truongcum", "/admin/emulation/membership/"),
    Page("dashboard (ministry)", "/", "bo", "/admin/emulation/membership/"),
    Page("clusters", "/clusters/", "bo", "/admin/emulation/cluster/"),
    Page("cluster detail", "/clusters/khu-vuc-mien-nui-bien-gioi-phia-bac/", "canbo", "/admin/emulation/membership/"),
    Page("units", "/units/", "canbo", "/admin/emulation/unit/"),
    Page("year setup", "/setup/2023/", "bo", "/admin/emulation/membership/"),
]
