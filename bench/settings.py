"""Kaigon's settings plus the benchmark's static baseline endpoint."""

from kaigon.settings import *  # noqa: F403

ROOT_URLCONF = "bench.static_api"
