"""allauth's account app under a name that does not repeat ours in the admin."""

from allauth.account.apps import AccountConfig
from django.utils.translation import gettext_lazy as _


class AllauthAccountConfig(AccountConfig):
    # allauth calls it "Accounts", the name of our own section.
    verbose_name = _("E-mail addresses")
