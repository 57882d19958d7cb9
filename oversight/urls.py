from django.urls import path

from . import views
from .grants import views as grants
from .readlog import views as readlog
from .stats import views as stats
from .visits import views as visits

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", readlog.access_log, name="access-log"),
    path("records/<int:pk>/viewers/", readlog.record_viewers, name="record-viewers"),
    path("grants/", grants.grants, name="grants"),
    path("grants/<int:pk>/revoke/", grants.grant_revoke, name="grant-revoke"),
    path("statistics/", stats.dashboard, name="statistics"),
    path("export/<slug:kind>.csv", stats.export_csv, name="export"),
    path("visits/", visits.visits, name="visits"),
    path("visits/new/", visits.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
]
