from django.urls import path

from . import views

app_name = "building"
urlpatterns = [
    path("referrals/", views.home, name="home"),
    path("units/<int:unit_id>/referrals/", views.unit_building, name="unit"),
    path("units/<int:unit_id>/branches/new/", views.branch_found, name="found"),
    path("members/<int:member_id>/referrals/", views.member_referrals, name="member"),
    path("members/<int:member_id>/referrals/new/", views.referral_from_member,
         name="from_member"),
    path("youth/<int:youth_id>/referral/", views.referral_from_youth, name="from_youth"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
]  # fmt: skip
