from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.integrity, name="page"),
    path("sign/", views.sign, name="sign"),
    path("heads.json", views.heads, name="heads"),
    path("public-key.pem", views.public_key, name="public-key"),
    path("records/<int:pk>/export.json", views.record_export, name="record-export"),
    path("custody_verify.py", views.verifier, name="verifier"),
]
