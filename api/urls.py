from django.urls import path

from . import manage_views

app_name = "api"

urlpatterns = [
    path("clients/", manage_views.clients, name="clients"),
    path("clients/<int:pk>/revoke/", manage_views.revoke, name="client_revoke"),
]
