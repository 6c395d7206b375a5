"""One verified address per account, kept by the database on MySQL/MariaDB too."""

import threading
import time

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, connection, transaction

from kaigon.checks import conditional_unique_constraints
from tests.factories import UserFactory

on_mysql = pytest.mark.skipif(
    connection.vendor != "mysql", reason="the generated columns exist on MySQL only"
)


def claim_at_once(claims: list[dict]) -> list[str]:
    """Insert each row in its own thread and transaction, all at the same moment."""
    barrier = threading.Barrier(len(claims))
    results: list[str] = []

    def claim(fields: dict) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                EmailAddress.objects.create(**fields)
                time.sleep(0.3)  # both transactions are open together
            results.append("stored")
        except IntegrityError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(fields,)) for fields in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


@on_mysql
@pytest.mark.django_db(transaction=True)
def test_two_accounts_verifying_one_address_at_once_only_one_wins():
    first, second = UserFactory(), UserFactory()
    claims = [
        {"user": user, "email": "shared@example.com", "verified": True}
        for user in (first, second)
    ]

    assert claim_at_once(claims) == ["refused", "stored"]
    assert EmailAddress.objects.filter(email="shared@example.com").count() == 1


@on_mysql
@pytest.mark.django_db(transaction=True)
def test_an_account_gets_at_most_one_primary_address_at_once():
    user = UserFactory()
    claims = [
        {"user": user, "email": f"{name}@example.com", "primary": True}
        for name in ("one", "two")
    ]

    assert claim_at_once(claims) == ["refused", "stored"]


@on_mysql
@pytest.mark.django_db
def test_unverified_addresses_may_be_shared_until_one_is_verified():
    first, second = UserFactory(), UserFactory()
    EmailAddress.objects.create(user=first, email="pending@example.com")
    EmailAddress.objects.create(user=second, email="pending@example.com")
    EmailAddress.objects.filter(user=first).update(verified=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        EmailAddress.objects.filter(user=second).update(verified=True)


def test_conditional_constraints_not_enforced_another_way_are_reported(
    settings, monkeypatch
):
    monkeypatch.setattr(connection.features, "supports_partial_indexes", False)

    assert conditional_unique_constraints(databases=["default"]) == []

    settings.KAIGON_CONDITIONAL_UNIQUE_ENFORCED = set()
    reported = conditional_unique_constraints(databases=["default"])
    assert {message.id for message in reported} == {"kaigon.W036"}
    assert {message.msg.split(": ")[1].split()[0] for message in reported} == {
        "account.EmailAddress.unique_verified_email",
        "account.EmailAddress.unique_primary_email",
    }
