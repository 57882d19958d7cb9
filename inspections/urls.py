from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("records/<int:pk>/review/", views.review, name="review"),
    path("facilities/<int:facility_pk>/cells/", views.cells, name="cells"),
    path("cells/<int:pk>/inspect/", views.inspect_cell, name="inspect-cell"),
    path("defects/<int:pk>/fix/", views.fix_defect, name="fix-defect"),
    path("findings/", views.findings, name="findings"),
    path("findings/new/", views.finding_create, name="finding-create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/<slug:action>/", views.finding_action, name="finding-action"),
]
