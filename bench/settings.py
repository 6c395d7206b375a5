"""Kaigon's settings plus the benchmark's static baseline endpoint.

Database connections are kept between requests, as production's MySQL
settings do (CONN_MAX_AGE 60); the bench's SQLite default would open one per
request.
"""

from kaigon.settings import *  # noqa: F403
from kaigon.settings import DATABASES

ROOT_URLCONF = "bench.static_api"
DATABASES["default"]["CONN_MAX_AGE"] = 60
