from django.urls import path

from . import views
from .rule_rows import KINDS
from .views import consultations, council, rule_rows, unit_council

app_name = "awards"

urlpatterns = [
    path("", views.votes.index, name="index"),
    path("votes/new/", views.votes.vote_create, name="vote_create"),
    path("votes/<int:pk>/", views.votes.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/settings/", views.preparing.vote_settings, name="vote_settings"),
    path("votes/<int:pk>/delete/", views.votes.vote_delete, name="vote_delete"),
    path("votes/<int:pk>/candidates/add/", views.preparing.candidate_add, name="candidate_add"),
    path(
        "votes/<int:pk>/candidates/<int:candidate_pk>/remove/",
        views.preparing.candidate_remove,
        name="candidate_remove",
    ),
    path("votes/<int:pk>/voters/<int:voter_pk>/", views.preparing.voter_set, name="voter_set"),
    path("votes/<int:pk>/open/", views.votes.vote_open, name="vote_open"),
    path("votes/<int:pk>/count/", views.votes.vote_count, name="vote_count"),
    path("votes/<int:pk>/paper/", views.preparing.paper_totals, name="paper_totals"),
    path("votes/<int:pk>/close/", views.votes.vote_close, name="vote_close"),
    path("votes/<int:pk>/publish/", views.votes.vote_publish, name="vote_publish"),
    path("votes/<int:pk>/second-round/", views.votes.vote_second_round, name="vote_second_round"),
    path("votes/<int:pk>/nominate/", views.votes.vote_nominate, name="vote_nominate"),
    path("votes/<int:pk>/ballot/", views.ballot.ballot, name="ballot"),
    path("votes/<int:pk>/receipt/", views.ballot.receipt_check, name="receipt_check"),
    path("nominations/", views.nominations.nomination_list, name="nomination_list"),
    path("nominations/new/", views.nominations.nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/", views.nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/attachments/", views.nominations.attachment_add, name="attachment_add"),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/",
        views.nominations.attachment_download,
        name="attachment_download",
    ),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.nominations.attachment_remove,
        name="attachment_remove",
    ),
    path("nominations/<int:pk>/submit/", views.nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/decide/", views.nominations.nomination_decide, name="nomination_decide"),
    path("dossiers/", views.dossiers.dossier_list, name="dossier_list"),
    path("dossiers/new/", views.dossiers.dossier_create, name="dossier_create"),
    path("dossiers/inbox/", views.dossiers.dossier_inbox, name="dossier_inbox"),
    path("dossiers/<int:pk>/", views.dossiers.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/edit/", views.dossiers.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/lines/", views.dossiers.line_add, name="dossier_line_add"),
    path("dossiers/<int:pk>/lines/<int:line_pk>/remove/", views.dossiers.line_remove, name="dossier_line_remove"),
    path("dossiers/<int:pk>/lines/<int:line_pk>/verdict/", views.dossiers.line_verdict, name="dossier_line_verdict"),
    path("dossiers/<int:pk>/lines/<int:line_pk>/outcome/", views.dossiers.line_outcome, name="dossier_line_outcome"),
    path("dossiers/<int:pk>/documents/", views.dossiers.document_add, name="dossier_document_add"),
    path(
        "dossiers/<int:pk>/documents/<int:document_pk>/",
        views.dossiers.document_download,
        name="dossier_document_download",
    ),
    path(
        "dossiers/<int:pk>/documents/<int:document_pk>/remove/",
        views.dossiers.document_remove,
        name="dossier_document_remove",
    ),
    *[
        path(
            f"dossiers/<int:pk>/{action.replace('_', '-')}/",
            views.dossiers.dossier_step,
            {"action": action},
            name=f"dossier_{action}",
        )  # fmt: skip
        for action in views.dossiers.STEPS
    ],
    path("decisions/", views.decisions.decision_list, name="decision_list"),
    path("decisions/new/", views.decisions.decision_create, name="decision_create"),
    path("decisions/public/", views.decisions.public_decisions, name="decisions_public"),
    path("decisions/<int:decision_pk>/", views.decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:decision_pk>/edit/", views.decisions.decision_edit, name="decision_edit"),
    path("decisions/<int:decision_pk>/issue/", views.decisions.decision_issue, name="decision_issue"),
    path(
        "decisions/<int:decision_pk>/revoke/",
        views.decisions.decision_later,
        {"action": "revoke"},
        name="decision_revoke",
    ),
    path(
        "decisions/<int:decision_pk>/correct/",
        views.decisions.decision_later,
        {"action": "correct"},
        name="decision_correct",
    ),
    path("decisions/<int:decision_pk>/delete/", views.decisions.decision_delete, name="decision_delete"),
    path(
        "decisions/<int:decision_pk>/lines/<int:decision_line_pk>/",
        views.decisions.decision_line_edit,
        name="decision_line_edit",
    ),
    path(
        "decisions/<int:decision_pk>/lines/<int:decision_line_pk>/remove/",
        views.decisions.decision_line_remove,
        name="decision_line_remove",
    ),
    path("consultations/", consultations.public_list, name="consultations_public"),
    path("consultations/<int:consultation_pk>/comment/", consultations.public_comment, name="consultation_comment"),
    path("dossiers/<int:pk>/consultation/", consultations.office_page, name="dossier_consultation"),
    path("dossiers/<int:pk>/consultation/open/", consultations.open_view, name="consultation_open"),
    path(
        "dossiers/<int:pk>/consultation/<int:consultation_pk>/close/",
        consultations.close_view,
        name="consultation_close",
    ),
    path(
        "dossiers/<int:pk>/consultation/<int:consultation_pk>/comments/<int:comment_pk>/resolve/",
        consultations.resolve_view,
        name="consultation_resolve",
    ),
    path("council/", council.session_list, name="council_sessions"),
    path("council/<int:pk>/", council.session_detail, name="council_session"),
    path("council/<int:pk>/agenda/", council.session_add, name="council_session_add"),
    path("council/<int:pk>/agenda/<int:dossier_pk>/remove/", council.session_remove, name="council_session_remove"),
    path("council/<int:pk>/open/", council.session_open, name="council_session_open"),
    path("council/<int:pk>/close/", council.session_close, name="council_session_close"),
    path("council/<int:pk>/delete/", council.session_delete, name="council_session_delete"),
    path("units/<slug:slug>/council/<int:year>/", unit_council.unit_sessions, name="unit_council_sessions"),
    path("requirements/", views.requirements.requirements, name="requirements"),
    path("requirements/new/", views.requirements.requirement_edit, name="requirement_new"),
    path("requirements/<int:pk>/", views.requirements.requirement_edit, name="requirement_edit"),
    path("history/", views.history.history, name="history"),
    path("history/template.xlsx", views.history.history_template, name="history_template"),
    path("history/to-match/", views.history.unmatched, name="history_unmatched"),
    path("history/to-match/all/", views.history.unmatched_match_all, name="history_match_all"),
    path("history/to-match/<int:record_pk>/", views.history.unmatched_resolve, name="history_resolve"),
    path("rules/", views.rules.rules, name="rules"),
    path("rules/new/", views.rules.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rules.rule_edit, name="rule_edit"),
    *[
        route
        for kind in KINDS.values()
        for route in (
            path(f"rules/{kind.slug}/", rule_rows.rule_rows, {"kind": kind.key}, name=f"{kind.key}_list"),
            path(f"rules/{kind.slug}/new/", rule_rows.rule_row_edit, {"kind": kind.key}, name=f"{kind.key}_new"),
            path(f"rules/{kind.slug}/<int:pk>/", rule_rows.rule_row_edit, {"kind": kind.key}, name=f"{kind.key}_edit"),
        )
    ],
    path("handovers/", views.handover.handover_list, name="handover_list"),
    path("handovers/<slug:slug>/<int:year>/", views.handover.handover, name="handover"),
    path("handovers/<slug:slug>/<int:year>/record/", views.handover.handover_record, name="handover_record"),
    path("handovers/<slug:slug>/<int:year>/confirm/", views.handover.handover_confirm, name="handover_confirm"),
]
