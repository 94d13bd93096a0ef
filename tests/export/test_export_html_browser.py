"""The HTML view in a real headless Chromium (Debian's ``chromium`` + ``chromium-driver``, Selenium).

Nothing is downloaded: Selenium is pointed at /usr/bin/chromium and /usr/bin/chromedriver, so
Selenium Manager never runs. The page must load from file:// with no other request and no
console error, show both officials of the sample by their Persian names, highlight «مسگریان»
when searched, and list his statements when his node is clicked. Screenshots go to a temporary
folder (and to $KG_SCREENSHOT_DIR when set, for CI artifacts).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from kg.export.projections import project
from kg.export.writers import to_html
from tests.browser import CHROMEDRIVER, CHROMIUM, MISSING, chromium

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason=MISSING)

MAYOR = "سید مسعود حسینی"
COUNCIL_HEAD = "محمود مسگریان"


@pytest.fixture(scope="module")
def browser():
    with chromium(1300, 850) as driver:
        driver.set_window_size(1300, 850)
        yield driver


def open_page(driver, path: Path) -> None:
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get_log("browser")
    driver.get(path.as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!(window.kgView && window.kgView.ready)"):
        assert time.monotonic() < deadline, "the page did not start"
        time.sleep(0.05)


def requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    driver.save_screenshot(str(path))
    extra = os.environ.get("KG_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / name)
    return path


def click_node(driver, node_id: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    x, y, w, h = driver.execute_script(
        "const cy = kgView.cy, p = cy.getElementById(arguments[0]).renderedPosition();"
        "return [p.x, p.y, cy.width(), cy.height()];", node_id)
    container = driver.find_element(By.ID, "cy")
    # Selenium 4 offsets are from the element's centre
    ActionChains(driver).move_to_element_with_offset(container, int(x - w / 2), int(y - h / 2)).click().perform()


def test_sample_page_offline_rtl_search_and_statements(browser, sample_graph, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = tmp_path / "people.html"
    page.write_bytes(to_html(project(sample_graph, "people")))
    open_page(browser, page)

    # both officials are drawn by their Persian names, inside the visible canvas
    drawn = browser.execute_script("""
        const cy = kgView.cy, w = cy.width(), h = cy.height();
        return cy.nodes().map(n => {
          const b = n.renderedBoundingBox({includeLabels: true});
          return [n.style('label'), n.visible(), b.x1 >= 0 && b.y1 >= 0 && b.x2 <= w && b.y2 <= h];
        });""")
    assert {MAYOR, COUNCIL_HEAD} <= {label for label, *_ in drawn}
    assert all(visible and inside for _, visible, inside in drawn), drawn
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    legend = browser.find_element(By.ID, "types").text
    assert "مقام رسمی" in legend

    # search «مسگریان»: his node is highlighted, the other faded, his name offered below the box
    box = browser.find_element(By.ID, "search")
    box.send_keys("مسگریان")
    head = browser.execute_script("return kgView.nodeId(arguments[0])", COUNCIL_HEAD)
    mayor = browser.execute_script("return kgView.nodeId(arguments[0])", MAYOR)
    classes = browser.execute_script(
        "const cy = kgView.cy; return [cy.getElementById(arguments[0]).hasClass('match'),"
        " cy.getElementById(arguments[1]).hasClass('match'), cy.getElementById(arguments[1]).hasClass('faded')]",
        head, mayor)
    assert classes == [True, False, True]
    results = browser.find_elements(By.CSS_SELECTOR, "#results button")
    assert [b.text for b in results] == [COUNCIL_HEAD] and results[0].is_displayed()
    screenshot(browser, tmp_path, "search.png")

    # a real click on his node lists his six statements with article and offsets
    click_node(browser, head)
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#details li.statement")) == 6)
    assert browser.find_element(By.CSS_SELECTOR, "#details h2").text == COUNCIL_HEAD
    first = browser.find_element(By.CSS_SELECTOR, "#details li.statement")
    assert "شهرداران منتخب نمایندگان مردم" in first.find_element(By.TAG_NAME, "blockquote").text
    meta = first.find_element(By.CSS_SELECTOR, ".meta").text
    assert "خبر:" in meta
    offsets = first.find_element(By.CSS_SELECTOR, ".offsets").text
    start, end = (int(x) for x in offsets.split("–"))
    assert 0 <= start < end
    assert "/statement/" in first.find_element(By.CSS_SELECTOR, ".iri").text
    shot = screenshot(browser, tmp_path, "statements.png")
    assert shot.stat().st_size > 10_000

    # the page fetched nothing but itself and logged no error
    assert requests(browser) == [page.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_topics_page_type_filter_and_merged_project(browser, rich_dataset, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "topics.html"
    page.write_bytes(to_html(project(rich_dataset, "topics")))
    open_page(browser, page)
    project_id = browser.execute_script("return kgView.nodeId('قطار شهری همدان')")
    # the project named in two articles: its statements come from both
    count = browser.execute_script("return kgView.select(arguments[0])", project_id)
    assert count == 4
    articles = {a.get_attribute("title") for a in
                browser.find_elements(By.CSS_SELECTOR, "#details li.statement .meta [title]")}
    assert len(articles) == 2
    # unticking a type in the legend hides its nodes
    box = browser.find_element(By.CSS_SELECTOR, "#types input[value='Project']")
    box.click()
    hidden = browser.execute_script("return kgView.cy.getElementById(arguments[0]).visible()", project_id)
    assert hidden is False
    screenshot(browser, tmp_path, "topics.png")
    assert requests(browser) == [page.as_uri()]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
