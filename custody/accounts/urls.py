from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/end/", views.end_session, name="end-session"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/enrol/", views.enrol, name="two-factor-enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("users/<int:pk>/two-factor/", views.two_factor, name="user-two-factor"),
    path("users/<int:pk>/two-factor/enrol/", views.enrol, name="user-two-factor-enrol"),
    path("users/<int:pk>/two-factor/reset/", views.reset, name="user-two-factor-reset"),
]
