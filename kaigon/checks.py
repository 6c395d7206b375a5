"""Replaces Django's models.W036 (silenced in settings) with a narrower warning.

MySQL and MariaDB create no unique constraint that has a condition. The ones
KAIGON_CONDITIONAL_UNIQUE_ENFORCED lists are enforced another way (a
migration says how); any other one is still reported, as kaigon.W036.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import connections
from django.db.models import UniqueConstraint


@register(Tags.models, Tags.database)
def conditional_unique_constraints(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.features.supports_partial_indexes:
            continue
        for model in apps.get_models():
            for constraint in model._meta.constraints:
                name = f"{model._meta.label}.{constraint.name}"
                if (
                    isinstance(constraint, UniqueConstraint)
                    and constraint.condition is not None
                    and name not in settings.KAIGON_CONDITIONAL_UNIQUE_ENFORCED
                ):
                    messages.append(
                        Warning(
                            f"{connection.display_name} creates no unique "
                            f"constraint with a condition: {name} is not enforced.",
                            hint="Enforce it another way (see accounts migration "
                            "0005) and list it in KAIGON_CONDITIONAL_UNIQUE_ENFORCED.",
                            obj=model,
                            id="kaigon.W036",
                        )
                    )
    return messages
