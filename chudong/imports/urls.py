from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("units/<int:unit_id>/members/import/", views.unit_import, name="unit"),
    path(
        "units/<int:unit_id>/members/import/template.xlsx",
        views.import_template,
        name="template",
    ),
    path("units/<int:unit_id>/members/export.xlsx", views.member_export, name="export"),
    path("units/<int:unit_id>/branch-book.pdf", views.branch_book, name="branch_book"),
    path("members/<int:member_id>/dossier.pdf", views.member_dossier_pdf, name="dossier_pdf"),
    path("imports/<int:job_id>/", views.job_detail, name="job"),
    path("imports/<int:job_id>/progress/", views.job_progress, name="progress"),
    path("imports/<int:job_id>/confirm/", views.job_confirm, name="confirm"),
    path("imports/<int:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("imports/<int:job_id>/report.xlsx", views.job_report, name="report"),
]
