from django.urls import path

from .views import cards, evidence, home, ranking, tables

app_name = "scoring"

urlpatterns = [
    path("", home.index, name="index"),
    path("open/", home.open_own_scorecard, name="open_card"),
    path("tables/", tables.table_list, name="tables"),
    path("tables/new/", tables.table_create, name="table_create"),
    path("tables/<int:pk>/", tables.table_detail, name="table"),
    path("tables/<int:pk>/edit/", tables.table_edit, name="table_edit"),
    path("tables/<int:pk>/criteria/new/", tables.criterion_edit, name="criterion_create"),
    path("tables/<int:pk>/criteria/<int:criterion_pk>/", tables.criterion_edit, name="criterion_edit"),
    path("tables/<int:pk>/criteria/<int:criterion_pk>/delete/", tables.criterion_delete, name="criterion_delete"),
    path("tables/<int:pk>/rank-bands/", tables.rank_bands_edit, name="rank_bands"),
    path("tables/<int:pk>/rank-bands/row/", tables.table_rank_band_row, name="table_rank_band_row"),
    path("tables/<int:pk>/import/", tables.table_import, name="table_import"),
    path("tables/<int:pk>/export/", tables.table_export, name="table_export"),
    path("tables/<int:pk>/copy/", tables.table_copy, name="table_copy"),
    path("tables/<int:pk>/publish/", tables.table_publish, name="table_publish"),
    path("tables/<int:pk>/new-edition/", tables.table_new_edition, name="table_new_edition"),
    path("tables/<int:pk>/delete/", tables.table_delete, name="table_delete"),
    path("tables/<int:pk>/reviewers/", tables.table_reviewers, name="table_reviewers"),
    path("cards/", cards.card_list, name="cards"),
    path("cards/<int:pk>/", cards.card_detail, name="card"),
    path("cards/<int:pk>/preview/", cards.card_preview, name="card_preview"),
    path("cards/<int:pk>/submit/", cards.card_submit, name="card_submit"),
    path("cards/<int:pk>/certification/", evidence.card_certification, name="card_certification"),
    path("cards/<int:pk>/certification/file/", evidence.certification_file, name="certification_file"),
    path("cards/<int:pk>/review/", cards.card_review, name="card_review"),
    path("cards/<int:pk>/return/", cards.card_return, name="card_return"),
    path("cards/<int:pk>/finalize/", cards.card_finalize, name="card_finalize"),
    path("entries/<int:entry_pk>/evidence/", evidence.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path("ranking/", ranking.ranking, name="ranking"),
    path("ranking/export/", ranking.ranking_export, name="ranking_export"),
]
