"""Username rules for signup (allauth's ACCOUNT_USERNAME_VALIDATORS)."""

from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 30

username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_]+\Z",
        _("Use only letters a-z, digits and underscores."),
        code="invalid_username",
    ),
    MaxLengthValidator(USERNAME_MAX_LENGTH),
]
