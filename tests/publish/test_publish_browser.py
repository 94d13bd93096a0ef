"""The mayor's page from a real ``kg serve`` in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium; nothing is downloaded).

The page must show his name and his statements, be right to left, and make no request
other than to the server itself. Screenshots go to a temporary folder (and to
$KG_SCREENSHOT_DIR when set, for CI artifacts).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from publish_support import MAYOR_NAME, MAYOR_STATEMENTS

from tests.browser import CHROMEDRIVER, CHROMIUM, MISSING, chromium

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason=MISSING)


@pytest.fixture(scope="module")
def browser():
    with chromium(1200, 1000) as driver:
        yield driver


def load(driver, url: str) -> list[str]:
    """Open ``url``; returns every network URL the page requested."""
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.readyState") != "complete":
        assert time.monotonic() < deadline, "the page did not load"
        time.sleep(0.05)
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.split(":", 1)[0] in {"http", "https", "ws", "wss", "ftp"}:  # not chrome:// internals
                urls.append(url)
    return urls


def screenshot(driver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    if os.environ.get("KG_SCREENSHOT_DIR"):
        out = Path(os.environ["KG_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, out / path.name)
    return path


def test_mayor_page_renders_with_his_name_and_statements(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    urls = load(browser, server.url + "id/person/3a232e0a5b6d")
    assert browser.find_element(By.TAG_NAME, "h1").text == MAYOR_NAME
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    assert browser.execute_script("return document.documentElement.lang") == "fa"
    items = browser.find_elements(By.CSS_SELECTOR, "ol.statements > li")
    assert len(items) == MAYOR_STATEMENTS
    assert all(i.is_displayed() and i.text.strip() for i in items)
    first = items[0].find_element(By.CSS_SELECTOR, "blockquote a")
    assert "شهرداری همدان" in first.text
    # the page lays out right to left: the heading hugs the right edge
    h1 = browser.find_element(By.TAG_NAME, "h1")
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert h1.location["x"] + h1.size["width"] > width / 2
    others = [u for u in urls if not u.startswith(server.url)]
    assert others == [], f"the page fetched {others}"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert errors == []
    assert screenshot(browser, tmp_path, "mayor").stat().st_size > 10_000


def test_following_a_statement_shows_its_source_span(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    load(browser, server.url + "id/person/3a232e0a5b6d")
    browser.find_element(By.CSS_SELECTOR, "ol.statements > li blockquote a").click()
    deadline = time.monotonic() + 10
    while "/id/statement/" not in browser.current_url:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    mark = browser.find_element(By.CSS_SELECTOR, "blockquote.span mark")
    assert mark.text.startswith("شهرداری همدان")
    speaker = browser.find_element(By.CSS_SELECTOR, "p.meta a")
    assert speaker.text == MAYOR_NAME
    screenshot(browser, tmp_path, "statement")


def test_place_page_map_is_drawn(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    urls = load(browser, server.url + "id/place/city-hamedan")
    svg = browser.find_element(By.CSS_SELECTOR, ".map svg")
    assert svg.size["width"] > 200 and svg.size["height"] > 150
    assert [u for u in urls if not u.startswith(server.url)] == []
    screenshot(browser, tmp_path, "place")
