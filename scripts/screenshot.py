"""Screenshots of dashboard pages in Debian's headless Chromium, for looking at what we built.

Usage: python scripts/screenshot.py URL_PATH [URL_PATH ...] [--base http://localhost:8501]
       [--size 1920x1080] [--out test-output/screens] [--full]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector("[data-testid='stMain']", timeout=timeout_ms)
    deadline = time.time() + timeout_ms / 1000
    quiet_since = None
    while time.time() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        skeleton = page.locator("[data-testid='stSkeleton']").count() > 0
        if not running and not skeleton:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1.5:
                return
        else:
            quiet_since = None
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://localhost:8501")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", default="test-output/screens")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in args.paths:
            page.goto(f"{args.base}/{path}")
            wait_for_app(page)
            time.sleep(2.0)  # maps and charts finish drawing after the script
            if args.full:
                tall = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
                page.set_viewport_size({"width": width, "height": max(height, int(tall))})
                time.sleep(2.0)
            page_name, _, query = path.partition("?")
            name = (page_name.strip("/") or "overview").replace("/", "_")
            if query:
                name += "_" + "".join(ch if ch.isalnum() else "-" for ch in query)
            target = out / f"{name}_{args.size}.png"
            page.screenshot(path=str(target))
            page.set_viewport_size({"width": width, "height": height})
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
