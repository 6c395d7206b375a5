#!/bin/sh
# Roll a new image out on the compose host (the workflow's deploy job runs it
# over SSH; by hand: KAIGON_IMAGE=ghcr.io/owner/kaigon:VERSION sh rollout.sh).
# Pull, migrate while the old processes serve (migrations must suit the old
# code too: add first, remove a release later), then recreate app-a and
# app-b one at a time, each once the other is ready. The restarting process
# closes its sockets on SIGTERM; their clients reconnect through the proxy
# to the other process, which is all a reconnect costs them.
set -eu
cd "$(dirname "$0")"
: "${KAIGON_IMAGE:?set KAIGON_IMAGE to the image to run}"
compose() { docker compose -f compose.yaml --env-file .env "$@"; }

# Later `compose up`s (a host reboot, by hand) keep this image.
if grep -q '^KAIGON_IMAGE=' .env; then
    sed -i "s|^KAIGON_IMAGE=.*|KAIGON_IMAGE=$KAIGON_IMAGE|" .env
else
    echo "KAIGON_IMAGE=$KAIGON_IMAGE" >> .env
fi
export KAIGON_IMAGE

echo "rollout: pulling $KAIGON_IMAGE"
compose pull --quiet migrate
echo "rollout: migrating"
compose run --rm --no-deps migrate

ready() {
    compose exec -T "$1" python -c \
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)" \
        >/dev/null 2>&1
}
for service in app-a app-b; do
    echo "rollout: restarting $service"
    compose up -d --no-deps --force-recreate "$service"
    tries=0
    until ready "$service"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            echo "rollout: $service is not ready after 120 s; stopping here" >&2
            compose logs --tail 50 "$service" >&2
            exit 1
        fi
        sleep 2
    done
    echo "rollout: $service ready"
done
compose up -d --no-deps --force-recreate uploads-cleanup
compose up -d --no-deps proxy
echo "rollout: done ($KAIGON_IMAGE)"
