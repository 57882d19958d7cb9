from django.urls import path

from . import views

app_name = "detainees"

urlpatterns = [
    path("", views.record_list, name="record-list"),
    path("new/", views.record_create, name="record-create"),
    path("board/", views.board, name="board"),
    path("rounds/<slug:kind>/", views.round_form, name="round"),
    path("<int:pk>/", views.record_detail, name="record-detail"),
    path("<int:pk>/entries/<slug:kind>/", views.entry_create, name="entry-create"),
    path("<int:pk>/release/", views.record_release, name="record-release"),
    path("<int:pk>/history/", views.record_history, name="record-history"),
    path("<int:pk>/history.csv", views.record_history_export, name="record-history-export"),
    path("<int:pk>/print/", views.record_print, name="record-print"),
    path("entries/<int:pk>/correct/", views.entry_correct, name="entry-correct"),
    path("transfers/<int:pk>/accept/", views.transfer_accept, name="transfer-accept"),
]
