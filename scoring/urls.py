from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.open_own_scorecard, name="open_card"),
    path("tables/", views.table_list, name="tables"),
    path("tables/new/", views.table_create, name="table_create"),
    path("tables/<int:pk>/", views.table_detail, name="table"),
    path("tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<int:pk>/criteria/new/", views.criterion_edit, name="criterion_create"),
    path("tables/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path("tables/<int:pk>/criteria/<int:criterion_pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("tables/<int:pk>/rank-bands/", views.rank_bands_edit, name="rank_bands"),
    path("tables/<int:pk>/import/", views.table_import, name="table_import"),
    path("tables/<int:pk>/export/", views.table_export, name="table_export"),
    path("tables/<int:pk>/copy/", views.table_copy, name="table_copy"),
    path("tables/<int:pk>/publish/", views.table_publish, name="table_publish"),
    path("tables/<int:pk>/new-edition/", views.table_new_edition, name="table_new_edition"),
    path("tables/<int:pk>/delete/", views.table_delete, name="table_delete"),
    path("tables/<int:pk>/reviewers/", views.table_reviewers, name="table_reviewers"),
    path("cards/", views.card_list, name="cards"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/preview/", views.card_preview, name="card_preview"),
    path("cards/<int:pk>/submit/", views.card_submit, name="card_submit"),
    path("cards/<int:pk>/certification/", views.card_certification, name="card_certification"),
    path("cards/<int:pk>/certification/file/", views.certification_file, name="certification_file"),
    path("cards/<int:pk>/review/", views.card_review, name="card_review"),
    path("cards/<int:pk>/return/", views.card_return, name="card_return"),
    path("cards/<int:pk>/finalize/", views.card_finalize, name="card_finalize"),
    path("entries/<int:entry_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export/", views.ranking_export, name="ranking_export"),
]
