from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [path("rules/", views.rule_list, name="list")]
