#!/usr/bin/env bash
# Set up a fresh Debian machine (or refresh this one) for building the
# release: the fonts and PDF tools from Debian, then the project and its
# test tools from PyPI. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: Liberation Sans (Arial's metrics) so the PDF looks the
# same on every machine; Pango and HarfBuzz-Subset for WeasyPrint; Poppler
# for looking at PDFs.
need=()
for pkg in fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
