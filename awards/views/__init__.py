"""The pages of the awards app, one module per topic; urls.py names each view by its module."""

from . import ballot, handover, history, nominations, preparing, rules, votes

__all__ = ["ballot", "handover", "history", "nominations", "preparing", "rules", "votes"]
