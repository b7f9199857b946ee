#!/usr/bin/env bash
# Set up a fresh Debian machine (or refresh this one) for building the
# release: the fonts and PDF tools from Debian, then the project and its
# test tools from PyPI. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: Liberation Sans (Arial's metrics) so the PDF looks the
# same on every machine; Pango and HarfBuzz-Subset for WeasyPrint; Poppler
# for looking at PDFs; for the accessibility tests, Chromium (driven
# headless by Playwright, which downloads no browser of its own), Node's
# npm (for axe-core and the Nu HTML Checker) and a Java runtime (for the
# checker) unless the machine already has one.
need=()
for pkg in fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

# axe-core and vnu-jar (the Nu HTML Checker) from npm, exactly as locked in
# package-lock.json. vnu-jar's install script would fetch a Java runtime
# from outside the registry; it is not needed (Debian's Java is used).
npm ci --ignore-scripts --no-audit --no-fund --silent
