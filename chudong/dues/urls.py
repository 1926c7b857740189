from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("dues/", views.home, name="home"),
    path("units/<int:unit_id>/dues/", views.unit_dues, name="unit"),
    path("units/<int:unit_id>/dues/arrears/", views.arrears, name="arrears"),
    path("units/<int:unit_id>/dues/remittances/", views.remittances, name="remittances"),
    path("units/<int:unit_id>/dues/<int:year>/<int:month>/", views.month_sheet, name="month"),
    path("members/<int:member_id>/dues/", views.member_dues, name="member"),
]
