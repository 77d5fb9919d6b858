#!/usr/bin/env bash
# Headless Chromium and its driver for the dashboard's browser test (Debian packages).
# Idempotent: installs only what is missing. Without root or apt-get it says so and exits 0;
# the browser test then skips with that reason.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && [[ -x /usr/bin/chromedriver ]]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get here; install chromium and chromium-driver yourself to run browser tests" >&2
    exit 0
fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "install_browser: not root and no sudo; browser tests will be skipped" >&2
        exit 0
    fi
fi
echo "install_browser: installing chromium and chromium-driver (Debian)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }; then
    echo "install_browser: apt-get could not install chromium; browser tests will be skipped" >&2
fi
