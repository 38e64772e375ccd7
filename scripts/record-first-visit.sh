#!/usr/bin/env bash
# Records which functions of the page program the first visit calls, into
# cmake/page-split/first-visit-functions.txt, and rebuilds the page split by it
# (cmake/SplitPage.cmake, scripts/record-first-visit.mjs). Needs the test set-up (Chromium,
# Playwright): run after one scripts/test.sh or scripts/setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs
scripts/build.sh app-web
node scripts/record-first-visit.mjs build/web cmake/page-split/first-visit-functions.txt
scripts/build.sh app-web
python3 bench/size_report.py build/web | sed -n 1,8p
