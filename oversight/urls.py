from django.urls import path

from . import stats_views, views, visit_views

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", views.access_log, name="access-log"),
    path("records/<int:pk>/viewers/", views.record_viewers, name="record-viewers"),
    path("grants/", views.grants, name="grants"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("statistics/", stats_views.dashboard, name="statistics"),
    path("export/<slug:kind>.csv", stats_views.export_csv, name="export"),
    path("visits/", visit_views.visits, name="visits"),
    path("visits/new/", visit_views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit-detail"),
]
