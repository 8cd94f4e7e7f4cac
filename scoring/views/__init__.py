"""Pages of the scoring app, by topic: ``home`` (the scoring page, opening one's own
scorecard), ``tables`` (build, import/export, copy, publish, reviewers), ``cards``
(self-scoring with live points, review, return, final), ``evidence`` (evidence and the
chairman's certification) and ``ranking``. Views load with a permission check, validate with
a form and call one service; they hand templates the actions the transition tables allow."""
