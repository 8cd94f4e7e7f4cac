from django.urls import path

from . import certificate_views, council_views, decision_views, dossier_views, statistics_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("cluster/<slug:slug>/<int:year>/", views.cluster_reports, name="cluster"),
    path("vote/<int:vote_id>/", views.vote_reports, name="vote"),
    path("sector/<int:year>/", views.sector_reports, name="sector"),
    path(
        "dossier/<int:pk>/cover-letter.pdf",
        dossier_views.dossier_paper,
        {"paper": "cover-letter"},
        name="dossier_cover_letter",
    ),
    path(
        "dossier/<int:pk>/recipients.pdf",
        dossier_views.dossier_paper,
        {"paper": "recipients"},
        name="dossier_recipients",
    ),
    path(
        "dossier/<int:pk>/cover-letter.docx",
        dossier_views.dossier_paper,
        {"paper": "cover-letter", "fmt": "docx"},
        name="dossier_cover_letter_docx",
    ),
    path(
        "dossier/<int:pk>/recipients.docx",
        dossier_views.dossier_paper,
        {"paper": "recipients", "fmt": "docx"},
        name="dossier_recipients_docx",
    ),
    path("decision/<int:decision_pk>/decision.pdf", decision_views.decision_paper, name="decision_pdf"),
    path(
        "decision/<int:decision_pk>/decision.docx",
        decision_views.decision_paper,
        {"fmt": "docx"},
        name="decision_docx",
    ),
    # A decision's certificates on a unit's blanks (reports/certificate_views.py).
    path("certificates/", certificate_views.index, name="certificates"),
    path("certificates/layouts/new/", certificate_views.layout_new, name="certificate_layout_new"),
    path("certificates/layouts/<int:layout_pk>/", certificate_views.layout_edit, name="certificate_layout"),
    path("certificates/layouts/<int:layout_pk>/scan/", certificate_views.layout_scan, name="certificate_layout_scan"),
    path(
        "certificates/layouts/<int:layout_pk>/preview.pdf",
        certificate_views.layout_preview,
        name="certificate_layout_preview",
    ),
    path(
        "decision/<int:decision_pk>/certificates/",
        certificate_views.decision_certificates,
        name="decision_certificates",
    ),
    path(
        "decision/<int:decision_pk>/certificates/<int:layout_pk>.pdf",
        certificate_views.certificates_pdf,
        name="certificates_pdf",
    ),
    path(
        "decision/<int:decision_pk>/certificates/<int:layout_pk>/<int:line_pk>/",
        certificate_views.correct_recipient,
        name="certificate_correction",
    ),
    path("council/<int:session_pk>/minutes.pdf", council_views.council_minutes, name="council_minutes_pdf"),
    path(
        "council/<int:session_pk>/minutes.docx",
        council_views.council_minutes,
        {"fmt": "docx"},
        name="council_minutes_docx",
    ),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download, {"fmt": "pdf"}, name="download"),
    path("jobs/<int:pk>/download/xlsx/", views.job_download, {"fmt": "xlsx"}, name="download_xlsx"),
    path("jobs/<int:pk>/download/docx/", views.job_download, {"fmt": "docx"}, name="download_docx"),
    path("jobs/<int:pk>/download/signed/", views.job_download, {"fmt": "signed"}, name="download_signed"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:pk>/sign/", views.job_sign, name="sign"),
    path("statistics/<int:year>/", statistics_views.form_page, name="statistics"),
    path("statistics/<int:year>/records/", statistics_views.records_page, name="statistics_records"),
    path("verify/", views.verify, name="verify"),
]
