from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "custody.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from .roles import sync_role_groups

        # Permissions exist only after every app has migrated, so groups are synced then.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")

        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth
        from django.db.models.signals import m2m_changed, post_save

        from . import security
        from .models import User

        auth.user_logged_in.connect(security.on_login, dispatch_uid="security.login")
        auth.user_login_failed.connect(security.on_login_failed, dispatch_uid="security.login_failed")
        auth.user_logged_out.connect(security.on_logout, dispatch_uid="security.logout")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="security.locked_out")
        post_save.connect(security.on_user_saved, sender=User, dispatch_uid="security.user_saved")
        m2m_changed.connect(security.on_roles_changed, sender=User.groups.through, dispatch_uid="security.roles")
