"""Open pages in headless Chromium (Debian's) as a signed-in user and save screenshots.

A developer's check before a page is called done (not a test):

    python scripts/screenshots.py --base http://127.0.0.1:8000 --user student \
        --password qashyq-demo --lang kk --out screens / /accounts/profile/

Needs the `playwright` Python package (its browser download is not used: the
executable is /usr/bin/chromium) — e.g. in a separate venv: pip install playwright.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user")
    parser.add_argument("--password", default="qashyq-demo")
    parser.add_argument("--lang", default="kk")
    parser.add_argument("--out", default="screens")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--mobile", action="store_true", help="390×844 phone viewport")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    viewport = (
        {"width": 390, "height": 844} if args.mobile else {"width": args.width, "height": 900}
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=viewport)
        host = args.base.split("//", 1)[1].split(":")[0]
        page.context.add_cookies(
            [{"name": "qashyq_language", "value": args.lang, "domain": host, "path": "/"}]
        )
        if args.user:
            page.goto(f"{args.base}/accounts/login/")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("form:has(input[name=password]) button[type=submit]")
            page.wait_for_load_state("networkidle")
        for path in args.paths:
            page.goto(f"{args.base}{path}")
            page.wait_for_load_state("networkidle")
            name = re.sub(r"[^a-zA-Z0-9]+", "_", path).strip("_") or "home"
            suffix = "_m" if args.mobile else ""
            target = out / f"{args.user or 'anon'}_{args.lang}_{name}{suffix}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
