#!/usr/bin/env bash
# Set up this knowledge base on a fresh Debian 12 machine, then serve it or run every test.
#
#   bash scripts/setup.sh serve   # Python packages in .venv, then `mkdocs serve` on 127.0.0.1:8000
#   bash scripts/setup.sh test    # + Chromium and Dovecot from Debian, then the whole test suite
#
# Needs root (or sudo) only for the Debian packages of `test`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
VENV="${KB_VENV:-.venv}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root apt-get update -qq
  # Never start the system services these packages ship: the tests run their own Dovecot.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$guard" >/dev/null
    as_root chmod +x "$guard"
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
  if [ -n "$guard" ]; then as_root rm -f "$guard"; fi
}

python_env() {
  if ! python3 -m venv --help >/dev/null 2>&1; then apt_install python3-venv python3-pip; fi
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".$1"
  # pip compiles the packages it installs, not an editable project: do it for the plugin's modules.
  "$VENV/bin/python" -m compileall -q scripts/kb >/dev/null
}

# ProperDocs and Zensical, each in a venv of its own with this project (tests/engines builds the
# KB with them; $KB_PROPERDOCS / $KB_ZENSICAL may name other installs).
engine_env() {
  [ -x ".venv-$1/bin/python" ] || python3 -m venv ".venv-$1"
  ".venv-$1/bin/python" -m pip install -q -e ".[$1]"
}

case "$mode" in
  serve)
    python_env ""
    export NO_MKDOCS_2_WARNING=1
    exec "$VENV/bin/mkdocs" serve -a "${KB_ADDR:-127.0.0.1:8000}"
    ;;
  test)
    # iproute2: the kb verify --live test brings up the loopback of its own network namespace.
    # postgresql, wrk: the feedback receiver's tests and bench.
    # openssl: verifies the signed .mobileconfig as a device would (tests/formats).
    apt_install chromium dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-lmtpd iproute2 \
      postgresql wrk openssl
    python_env "[test]"
    engine_env properdocs
    engine_env zensical
    exec "$VENV/bin/python" scripts/run_tests.py
    ;;
  *)
    echo "usage: bash scripts/setup.sh serve|test" >&2
    exit 2
    ;;
esac
