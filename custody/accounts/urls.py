from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/end/", views.end_session, name="end-session"),
]
