"""The dashboard in a real headless Chromium: map markers, list, detail panel with evidence.

Saves the screenshot used in the README to docs/dashboard.png.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tocsin.config import load_config
from tocsin.serve.app import VENDOR, create_app

CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(dashboard_db: Path):
    import uvicorn

    if not (VENDOR / "leaflet" / "leaflet.js").is_file():
        pytest.skip("dashboard assets missing: run scripts/dashboard_assets.sh (make assets)")
    port = _free_port()
    app = create_app(load_config({"store.path": str(dashboard_db)}, environ={}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        pytest.fail("uvicorn did not start")
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    binary = _chromium()
    if binary is None or not CHROMEDRIVER.is_file():
        pytest.skip("chromium / chromium-driver not installed (scripts/install_browser.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1440,1000", "--hide-scrollbars",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _rerendered() -> tuple[type[Exception], ...]:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    return (NoSuchElementException, StaleElementReferenceException)


# The list and panels are redrawn on every answer: an element found a moment ago may be gone.
_RERENDERED = _rerendered()


def _wait(driver, css: str, at_least: int = 1, timeout: float = 20.0):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=_RERENDERED).until(
        lambda d: (found := d.find_elements(By.CSS_SELECTOR, css)) and len(found) >= at_least and found)


def test_dashboard_map_list_and_evidence(server: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    n_events = httpx.get(f"{server}/facets").json()["total"]
    assert n_events > 0
    browser.get(server + "/")
    # markers: one SVG circle per event (sample is small, so no clusters)
    _wait(browser, ".leaflet-overlay-pane path.leaflet-interactive", at_least=1)
    items = _wait(browser, "#event-list li[data-id]", at_least=min(n_events, 50))
    assert len(items) == min(n_events, 50)
    _wait(browser, "#timeline rect[fill]", at_least=1)
    _wait(browser, "#typebar .chip")
    # countries drawn from the local Natural Earth outlines
    _wait(browser, ".leaflet-land-pane path", at_least=100)
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors

    # a marker opens the detail panel with the evidence sentence
    marker = browser.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane path.leaflet-interactive")[0]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker)
    evidence = _wait(browser, "#detail blockquote.evidence")[0]
    assert evidence.text.strip()

    # the event with the most marked spans on the first page: evidence with trigger and counts
    # highlighted, sources listed, URL shareable
    page = httpx.get(f"{server}/events", params={"limit": 50}).json()["events"]
    details = {e["event_id"]: httpx.get(f"{server}/events/{e['event_id']}").json() for e in page}
    event_id = max(details, key=lambda i: sum(len(spans) for spans in details[i]["highlights"]))
    detail = details[event_id]
    first = browser.find_element(By.CSS_SELECTOR, f'#event-list li[data-id="{event_id}"]')
    first.click()
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(lambda d: f"event={event_id}" in d.current_url)
    sentence = detail["event"]["evidence"][0]["sentence"]
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(
        lambda d: sentence[:40] in d.find_element(By.CSS_SELECTOR, "#detail blockquote.evidence").text)
    marks = browser.find_elements(By.CSS_SELECTOR, "#detail blockquote.evidence mark")
    assert len(marks) == sum(len(spans) for spans in detail["highlights"]) > 0
    assert browser.find_elements(By.CSS_SELECTOR, "#detail .sources li")
    assert first.get_attribute("class") == "selected"

    # brushing the timeline selects a period: the list and the map follow it
    from selenium.webdriver.common.action_chains import ActionChains

    svg = browser.find_element(By.ID, "timeline")
    width = svg.size["width"]
    ActionChains(browser).move_to_element_with_offset(svg, -width // 2 + 40, 0).click_and_hold() \
        .move_by_offset(width // 3, 0).release().perform()
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(lambda d: "from=" in d.current_url and "to=" in d.current_url)
    params = dict(p.split("=", 1) for p in browser.current_url.split("#", 1)[1].split("&"))
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#event-list li[data-id]") and all(
        params["from"] <= t.text <= params["to"] for t in d.find_elements(By.CSS_SELECTOR, "#event-list .ev-date")))
    in_range = httpx.get(f"{server}/facets", params={"since": params["from"], "until": params["to"]}).json()["total"]
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(lambda d: f"{in_range} events" in d.find_element(By.ID, "stats").text)
    browser.find_element(By.ID, "clear-brush").click()
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(lambda d: "from=" not in d.current_url)

    # filters travel in the URL: a shared link reopens the same view
    browser.get(server + f"/#type=ASSAULT&event={event_id}")
    browser.refresh()
    _wait(browser, "#typebar .chip.on")
    WebDriverWait(browser, 10, ignored_exceptions=_RERENDERED).until(
        lambda d: all(t.text == "ASSAULT" for t in d.find_elements(By.CSS_SELECTOR, "#event-list .tag")))
    _wait(browser, "#detail blockquote.evidence")

    # the README picture: everything on screen, that event open
    browser.get(server + f"/#event={event_id}")
    browser.refresh()
    _wait(browser, "#event-list li[data-id]")
    _wait(browser, "#detail blockquote.evidence mark")
    time.sleep(0.5)  # let the map finish drawing before the picture
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
