from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("votes/new/", views.vote_create, name="vote_create"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/settings/", views.vote_settings, name="vote_settings"),
    path("votes/<int:pk>/delete/", views.vote_delete, name="vote_delete"),
    path("votes/<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("votes/<int:pk>/candidates/<int:candidate_pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("votes/<int:pk>/voters/<int:voter_pk>/", views.voter_set, name="voter_set"),
    path("votes/<int:pk>/open/", views.vote_open, name="vote_open"),
    path("votes/<int:pk>/count/", views.vote_count, name="vote_count"),
    path("votes/<int:pk>/paper/", views.paper_totals, name="paper_totals"),
    path("votes/<int:pk>/close/", views.vote_close, name="vote_close"),
    path("votes/<int:pk>/publish/", views.vote_publish, name="vote_publish"),
    path("votes/<int:pk>/second-round/", views.vote_second_round, name="vote_second_round"),
    path("votes/<int:pk>/nominate/", views.vote_nominate, name="vote_nominate"),
    path("votes/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("votes/<int:pk>/receipt/", views.receipt_check, name="receipt_check"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"
    ),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/decide/", views.nomination_decide, name="nomination_decide"),
    path("history/", views.history, name="history"),
    path("history/template.xlsx", views.history_template, name="history_template"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/<slug:slug>/<int:year>/", views.handover, name="handover"),
    path("handovers/<slug:slug>/<int:year>/record/", views.handover_record, name="handover_record"),
    path("handovers/<slug:slug>/<int:year>/confirm/", views.handover_confirm, name="handover_confirm"),
]
