"""The campaigns app's forms, by topic: ``fields`` (figures, dates), ``campaigns``
(launching a campaign, its phases and common targets) and ``pledges`` (a pledge, its
targets and individuals, returning, assessing, results, the signed copy)."""
