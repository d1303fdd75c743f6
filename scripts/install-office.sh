#!/usr/bin/env bash
# Installs what the export "looks" test needs (test/unit/export-looks.test.ts), from Debian apt, only when missing:
#   libreoffice-writer (soffice: DOCX -> PDF), poppler-utils (pdftoppm, pdftotext), fonts-noto-cjk (Chinese glyphs),
#   fonts-arphic-ukai (a 楷体 substitute), chromium (the preview printed to PDF).
# Waits for the dpkg lock (other installs on the machine) up to 15 minutes.
# usage: scripts/install-office.sh        Prints the path of soffice as its last line; exits non-zero when it cannot.
set -euo pipefail
log() { echo "[install-office] $*" >&2; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  log "no apt-get/dpkg here: install LibreOffice (soffice), poppler-utils (pdftoppm, pdftotext), Chromium and a CJK font yourself"
  exit 1
fi
need=()
for p in libreoffice-writer poppler-utils fonts-noto-cjk fonts-arphic-ukai chromium; do
  installed "$p" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "apt: installing ${need[*]} (LibreOffice is about 300 MB, once)"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}" >&2
fi
for c in soffice pdftoppm pdftotext chromium; do
  command -v "$c" >/dev/null || { log "$c is still missing after the install"; exit 1; }
done
command -v soffice
