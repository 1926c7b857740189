from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("recognition/", views.home, name="home"),
    path("units/<int:unit_id>/recognition/", views.unit_page, name="unit"),
    path("units/<int:unit_id>/recognition/plan/", views.plan, name="plan"),
    path("units/<int:unit_id>/recognition/indicators/", views.indicator_list, name="indicators"),
    path(
        "units/<int:unit_id>/recognition/indicators/list/",
        views.indicator_drilldown,
        name="drilldown",
    ),
    path("units/<int:unit_id>/recognition/follow/", views.follow, name="follow"),
    path("units/<int:unit_id>/recognition/review/", views.bulk_review, name="review"),
    path("units/<int:unit_id>/recognition/decisions/", views.decision_list, name="decisions"),
    path("units/<int:unit_id>/recognition/decisions/new/", views.decision_new, name="decision_new"),
    path("units/<int:unit_id>/recognition/dashboard/", views.dashboard, name="dashboard"),
    path(
        "units/<int:unit_id>/recognition/dashboard.xlsx",
        views.dashboard_xlsx,
        name="dashboard_xlsx",
    ),
    path(
        "units/<int:unit_id>/recognition/dashboard.pdf",
        views.dashboard_pdf,
        name="dashboard_pdf",
    ),
    path("units/<int:unit_id>/recognition/frameworks/", views.framework_list, name="frameworks"),
    path(
        "units/<int:unit_id>/recognition/frameworks/<int:framework_id>/",
        views.framework_detail,
        name="framework",
    ),
    path(
        "units/<int:unit_id>/recognition/frameworks/<int:framework_id>/edit/",
        views.framework_edit,
        name="framework_edit",
    ),
    path("recognition/cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("recognition/cycles/<int:cycle_id>/assess/", views.cycle_assess, name="assess"),
    path("recognition/cycles/<int:cycle_id>/submit/", views.cycle_submit, name="submit"),
    path("recognition/cycles/<int:cycle_id>/review/", views.cycle_review, name="cycle_review"),
    path("recognition/cycles/<int:cycle_id>/revoke/", views.cycle_revoke, name="revoke"),
    path(
        "recognition/cycles/<int:cycle_id>/evidence/<int:evidence_id>/",
        views.evidence_file,
        name="evidence",
    ),
    path(
        "units/<int:unit_id>/recognition/decisions/<int:decision_id>/",
        views.decision_detail,
        name="decision",
    ),
    path(
        "units/<int:unit_id>/recognition/decisions/<int:decision_id>/pdf/",
        views.decision_pdf,
        name="decision_pdf",
    ),
]
