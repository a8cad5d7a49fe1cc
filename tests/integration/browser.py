"""Headless Chromium from Debian's packages, driven through chromedriver (selenium).

The tests start the browser themselves; CI installs ``chromium`` and
``chromium-driver`` with ``make setup`` (tools/setup.sh), so a missing browser is a
failure, not a skip.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1440, 900)


def start_chromium(window=WINDOW):
    """A headless Chromium (--no-sandbox: the tests run as root in CI)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} missing: run `make setup`")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--lang=zh-CN",
        f"--window-size={window[0]},{window[1]}",
    ):
        options.add_argument(argument)
    # console messages, and the network requests the page makes
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
