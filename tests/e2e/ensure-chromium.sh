#!/usr/bin/env sh
# The browser tests drive Debian's chromium (Playwright's own browser download does not work
# offline). Install it when missing and we may; otherwise the browser tests say why they skip.
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
else
  echo "chromium is not installed and cannot be installed here (not root): browser tests will be skipped."
fi
exit 0
