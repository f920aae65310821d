from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qashyq.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from qashyq.accounts.backends import user_cache_forget  # noqa: PLC0415
        from qashyq.accounts.models import User  # noqa: PLC0415

        post_save.connect(user_cache_forget, sender=User, dispatch_uid="user_cache_forget")
        post_delete.connect(user_cache_forget, sender=User, dispatch_uid="user_cache_forget_del")
