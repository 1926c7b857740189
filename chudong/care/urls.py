from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("care/", views.home, name="home"),
    path("units/<int:unit_id>/care/", views.unit_overview, name="unit"),
    path("units/<int:unit_id>/care/hardship/", views.hardship_list, name="hardship_list"),
    path("units/<int:unit_id>/care/hardship/new/", views.hardship_new, name="hardship_new"),
    path("units/<int:unit_id>/care/hardship.xlsx", views.hardship_export, name="hardship_export"),
    path("care/hardship/<int:hardship_id>/", views.hardship_detail, name="hardship_detail"),
    path("care/hardship/<int:hardship_id>/edit/", views.hardship_edit, name="hardship_edit"),
    path("units/<int:unit_id>/care/rights/", views.rights_list, name="rights_list"),
    path("units/<int:unit_id>/care/rights/overdue/", views.rights_overdue, name="rights_overdue"),
    path("units/<int:unit_id>/care/rights/new/", views.rights_new, name="rights_new"),
    path("care/rights/<int:rights_case_id>/", views.rights_detail, name="rights_detail"),
    path("care/files/<int:care_file_id>/", views.file_download, name="file"),
    path("members/<int:member_id>/care/", views.member_cases, name="member"),
]
