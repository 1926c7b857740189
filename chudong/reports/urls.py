from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/structure/<int:unit_id>/", views.structure, name="structure"),
    path(
        "reports/structure/<int:unit_id>/export.xlsx",
        views.structure_export,
        name="structure_export",
    ),
    path("dashboard/", views.dashboard_home, name="dashboard_home"),
    path("dashboard/<int:unit_id>/", views.dashboard, name="dashboard"),
    path(
        "dashboard/<int:unit_id>/units.xlsx",
        views.dashboard_units_export,
        name="dashboard_units_export",
    ),
    path(
        "dashboard/<int:unit_id>/admissions.xlsx",
        views.dashboard_admissions_export,
        name="dashboard_admissions_export",
    ),
]
