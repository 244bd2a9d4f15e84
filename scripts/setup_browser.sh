#!/usr/bin/env bash
# Debian's Chromium and CJK fonts for the browser tests and screenshots (Playwright's own
# browser download does not work offline). Needs root, as on CI; skips what is present.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# nginx: the browser test of the dashboard behind the portal's path (deploy/nginx-intranet.conf.template).
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# LibreOffice without its GUI: the 简报's PDF (reports/pdf.py); its test is skipped when absent.
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "浏览器测试需要：${missing[*]}（请以 root 运行 apt-get install -y ${missing[*]}）" >&2
        exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
