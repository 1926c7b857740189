from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("accounts/api-tokens/", views.my_tokens, name="mine"),
    path("units/<int:unit_id>/api-tokens/", views.unit_tokens, name="unit"),
]
