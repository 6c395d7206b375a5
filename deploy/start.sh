#!/bin/sh
# The production command (deploy/Dockerfile's CMD, CI's smoke test): Daphne
# serving HTTP and WebSockets. -v 0 turns off Daphne's plain-text access log:
# kaigon.access logs every request and socket as JSON instead.
#   KAIGON_BIND (0.0.0.0), PORT (8000); set KAIGON_VAR_DIR as at build time.
set -eu
cd "$(dirname "$0")/.."
exec daphne --bind "${KAIGON_BIND:-0.0.0.0}" --port "${PORT:-8000}" \
    --proxy-headers -v 0 kaigon.asgi:application
