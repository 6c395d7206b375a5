#!/usr/bin/env bash
# The production build path, outside Docker (.ci/run; by hand the same way):
# copy the tree to a temporary folder, run deploy/build.sh there into a fresh
# environment from uv.lock, migrate MariaDB database kaigon_prodsmoke, start
# deploy/start.sh with production settings on loopback, and run
# deploy/smoke_test.py against it. Needs MariaDB and Redis on 127.0.0.1 and
# `make setup EXTRAS=mysql,dev` (uv, and websockets for the test client).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/kaigon-prod.XXXXXX")
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -- "-$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "-- copy of the tree in $work/app"
mkdir -p "$work/app"
git ls-files -z --cached --others --exclude-standard \
    | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null \
    | tar -xf - -C "$work/app"

export UV_PROJECT_ENVIRONMENT="$work/venv"
UV_PYTHON=$("$repo/.venv/bin/python" -c 'import sys; print(sys._base_executable)')
export UV_PYTHON
export PATH="$work/venv/bin:$repo/.venv/bin:$PATH"
started=$SECONDS
(cd "$work/app" && KAIGON_VAR_DIR="$work/app/var" deploy/build.sh)
echo "-- built in $((SECONDS - started)) s"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=kaigon.test
metrics_token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
mariadb --protocol=tcp -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS kaigon_prodsmoke;
    CREATE DATABASE kaigon_prodsmoke CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_ALLOWED_HOSTS=$host DJANGO_CSRF_TRUSTED_ORIGINS=https://$host \
    DATABASE_URL=mysql://root@127.0.0.1:3306/kaigon_prodsmoke \
    REDIS_URL=redis://127.0.0.1:6379/7 KAIGON_CACHE_PREFIX=prodsmoke \
    KAIGON_CHANNEL_PREFIX=prodsmoke KAIGON_VAR_DIR="$work/app/var" \
    KAIGON_METRICS_TOKEN=$metrics_token KAIGON_BIND=127.0.0.1 PORT=$port
manage() { (cd "$work/app" && python manage.py "$@"); }

echo "-- migrate, docstore_init, demo members"
manage migrate --noinput -v0
manage docstore_init
manage seed_demo --allow-production >/dev/null

echo "-- start: deploy/start.sh on 127.0.0.1:$port"
(cd "$work/app" && exec setsid deploy/start.sh >"$work/server.out" 2>"$work/server.err") &
server_pid=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/livez" 2>/dev/null && break
    sleep 0.5
done
ticket=$(manage shell -c \
    "from accounts.models import User; from accounts.auth.tickets import ws_ticket_issue
print(ws_ticket_issue(user=User.objects.get(username='mei')))" | tail -n 1)

status=0
"$repo/.venv/bin/python" "$repo/deploy/smoke_test.py" "http://127.0.0.1:$port" \
    --host "$host" --ticket "$ticket" --metrics-token "$metrics_token" \
    --server-log "$work/server.out" || status=$?
if [ -s "$work/server.err" ]; then
    echo "-- server stderr:"; cat "$work/server.err"; status=1
fi
if [ "$status" != 0 ]; then echo "-- server stdout (tail):"; tail -n 40 "$work/server.out"; fi
echo "-- whole step: $((SECONDS - started)) s"
exit "$status"
