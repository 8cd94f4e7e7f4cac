"""Small timing helpers shared by the bench parts."""

import statistics


def percentile(values, share):
    """The value at ``share`` (0–1) of the sorted values (nearest rank); 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values):
    return statistics.median(values) if values else 0.0


def fmt(value, digits=1):
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(value, base):
    return "—" if not base or value is None else f"{value / base:.2f}"
