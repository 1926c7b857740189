#!/usr/bin/env bash
# Serve chudong in embedded mode: the task worker in the background, the web server in
# the foreground; stopping the server (Ctrl+C) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py seed_demo --logins-only
echo ""
# A task left running by a worker that was killed is queued again (or failed) first.
$PY manage.py recover_tasks >var/worker.log 2>&1
$PY manage.py db_worker --queue-name "*" >>var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver 127.0.0.1:8000 --noreload
