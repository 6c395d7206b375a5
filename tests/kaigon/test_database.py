import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMOJI_AND_CHINESE = "😀 繁體中文"


def test_emoji_and_traditional_chinese_round_trip_through_the_database():
    user = UserFactory(nickname=EMOJI_AND_CHINESE, first_name="𠀋")
    reloaded = get_user_model().objects.get(pk=user.pk)
    assert reloaded.nickname == EMOJI_AND_CHINESE
    assert reloaded.first_name == "𠀋"  # outside the Basic Multilingual Plane
    assert get_user_model().objects.filter(nickname__contains="😀").count() == 1


def test_every_text_column_uses_utf8mb4_on_mysql():
    if connection.vendor != "mysql":
        pytest.skip("utf8mb4 columns only exist on MySQL/MariaDB; this run uses SQLite")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, character_set_name FROM "
            "information_schema.columns WHERE table_schema = DATABASE() "
            "AND character_set_name IS NOT NULL AND character_set_name <> 'utf8mb4'"
        )
        wrong_columns = list(cursor.fetchall())
        cursor.execute(
            "SELECT table_name, table_collation FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_collation NOT LIKE 'utf8mb4%%'"
        )
        wrong_tables = list(cursor.fetchall())
    assert wrong_columns == []
    assert wrong_tables == []


def test_user_model_is_the_custom_one_with_unique_email_and_handle():
    User = get_user_model()
    assert User._meta.label == "accounts.User"
    assert User._meta.get_field("email").unique
    assert User._meta.get_field("username").unique
    assert User._meta.get_field("nickname").max_length == 50
