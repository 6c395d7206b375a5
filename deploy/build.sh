#!/usr/bin/env bash
# The production build, shared by deploy/Dockerfile and CI (.ci/run builds the
# same layout in a temporary folder and smoke-tests it).
#   deploy/build.sh deps   exact dependencies from uv.lock (base + mysql)
#   deploy/build.sh app    compiled messages, static files collected into
#                          $KAIGON_VAR_DIR/staticfiles, where the app reads them
#   deploy/build.sh        both
# The environment is uv's: UV_PROJECT_ENVIRONMENT names the Python environment
# to fill (the image's /opt/venv, CI's temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
step=${1:-all}
: "${UV_PROJECT_ENVIRONMENT:?set UV_PROJECT_ENVIRONMENT to the environment to install into}"
python="$UV_PROJECT_ENVIRONMENT/bin/python"

if [ "$step" = deps ] || [ "$step" = all ]; then
    echo "build: dependencies from uv.lock into $UV_PROJECT_ENVIRONMENT"
    # The code runs from this folder, so only the dependencies are installed.
    uv sync --locked --no-install-project --inexact --extra mysql --quiet
fi

if [ "$step" = app ] || [ "$step" = all ]; then
    # The folder the running app reads static files from (settings.VAR_DIR).
    export KAIGON_VAR_DIR="${KAIGON_VAR_DIR:-$PWD/var}"
    echo "build: messages"
    "$python" manage.py compilemessages --ignore ".venv/*" -v0
    echo "build: static files into $KAIGON_VAR_DIR/staticfiles"
    # Production settings give the hashed manifest; the key is only for this step.
    DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build.invalid \
        "$python" manage.py collectstatic --noinput --clear -v0
    test -s "$KAIGON_VAR_DIR/staticfiles/staticfiles.json"
fi
