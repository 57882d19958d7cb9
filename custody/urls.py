from django.conf import settings
from django.conf.urls.i18n import set_language
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import views
from .accounts import views as account_views

# Django's own 400, 404 and 500 views render templates/400.html, 404.html and 500.html.
handler403 = views.permission_denied

admin.site.site_header = admin.site.site_title = "Custody Records"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/code/", account_views.second_factor, name="second-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", login_not_required(set_language), name="set-language"),
    path("account/", include("custody.accounts.urls")),
    path("records/", include("detainees.urls")),
    path("facilities/", include("custody.facilities.urls")),
    path("inspections/", include("inspections.urls")),
    path("oversight/integrity/", include("integrity.urls")),
    path("oversight/", include("oversight.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
