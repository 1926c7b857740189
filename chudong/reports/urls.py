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
]
