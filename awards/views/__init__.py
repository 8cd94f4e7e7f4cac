"""The pages of the awards app, one module per topic; urls.py names each view by its module."""

from . import ballot, decisions, dossiers, handover, history, nominations, preparing, requirements, rules, votes

__all__ = [
    "ballot",
    "decisions",
    "dossiers",
    "handover",
    "history",
    "nominations",
    "preparing",
    "requirements",
    "rules",
    "votes",
]
