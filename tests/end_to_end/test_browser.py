"""The built site in a real browser, opened from file:// with the network blocked, as an
offline reader would open it from a USB stick."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import REPO
from tests.support.browser import non_file_requests, requests_seen, start_chromium
from tests.support.small_atlas import HOSTILE_TITLE

OUTPUT = REPO / "test-output" / "browser"


@pytest.fixture(scope="module")
def site(repository_site: Path) -> Path:
    return repository_site


@pytest.fixture(scope="module")
def hostile_site(small_site: Path) -> Path:
    return small_site


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    yield driver
    driver.quit()


def wait(driver: WebDriver, condition, seconds: float = 15):
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda d: condition(d))


def count_initiatives(driver: WebDriver) -> int:
    """Numbers on cluster icons plus single markers, as a reader sees them."""
    clusters = driver.find_elements(By.CSS_SELECTOR, ".marker-cluster span")
    singles = driver.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon.atlas-marker")
    return sum(int(c.text) for c in clusters) + len(singles)


def marker_titled(driver: WebDriver, title: str):
    """The marker whose name (title, then countries) starts with `title`."""
    markers = driver.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon.atlas-marker")
    return next((m for m in markers if m.get_attribute("aria-label").startswith(title)), None)


def settled_count(driver: WebDriver, expected: int) -> int:
    with contextlib.suppress(TimeoutException):
        wait(driver, lambda d: count_initiatives(d) == expected, 10)
    return count_initiatives(driver)


def open_world_map(driver: WebDriver, site: Path) -> int:
    driver.get((site / "maps" / "world.html").as_uri())
    ready = wait(
        driver, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-atlas-ready")
    )
    return int(ready)


def test_pages_search_and_map_work_with_no_network(browser: WebDriver, site: Path) -> None:
    initiatives = len(list((REPO / "initiatives").iterdir()))
    requests_seen(browser)
    browser.get((site / "index.html").as_uri())
    assert f"{initiatives}\ninitiatives" in browser.find_element(By.CLASS_NAME, "atlas-totals").text

    browser.get((site / "categories" / "environment-climate.html").as_uri())
    assert browser.find_elements(By.CSS_SELECTOR, ".atlas-card h3 a")

    page = site / "ar" / "initiatives" / "example-sanad-legal-aid.html"
    browser.get(page.as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "شبكة سند للمساعدة القانونية"
    browser.get((site / "initiatives" / "example-sanad-legal-aid.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sanad Legal Aid Network"
    images = browser.find_elements(By.CSS_SELECTOR, ".atlas-initiative img")
    assert images and all(
        browser.execute_script("return arguments[0].naturalWidth", i) for i in images[:1]
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUTPUT / "initiative.png"))

    browser.get((site / "map.html").as_uri())
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.atlas-map--world"))
    ready = wait(
        browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-atlas-ready")
    )
    assert int(ready) == initiatives
    browser.switch_to.default_content()
    browser.save_screenshot(str(OUTPUT / "map.png"))

    browser.get((site / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    field = browser.find_element(By.CSS_SELECTOR, ".md-search__input")
    field.send_keys("mangrove")
    results = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    assert any("Mangrove" in r.text for r in results)
    field.send_keys(Keys.ESCAPE)

    assert non_file_requests(requests_seen(browser)) == []


def test_map_counts_every_initiative(browser: WebDriver, site: Path) -> None:
    total = open_world_map(browser, site)
    assert total == len(list((REPO / "initiatives").iterdir()))
    assert settled_count(browser, total) == total


def test_a_marker_opens_its_popup_and_leads_to_its_page(browser: WebDriver, site: Path) -> None:
    open_world_map(browser, site)
    marker = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".atlas-marker"))[0]
    name = marker.get_attribute("aria-label")
    marker.click()
    link = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content a"))
    title = link.get_attribute("textContent")
    assert name.startswith(f"{title}, ")
    wait(browser, lambda d: link.is_displayed())
    assert link.get_attribute("target") == "_top"
    assert browser.find_element(By.CSS_SELECTOR, ".leaflet-popup-content img").get_attribute("alt")
    link.click()
    wait(browser, lambda d: "/initiatives/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == title


def test_hostile_text_in_a_popup_stays_text(browser: WebDriver, hostile_site: Path) -> None:
    open_world_map(browser, hostile_site)
    hostile = wait(browser, lambda d: marker_titled(d, HOSTILE_TITLE))
    hostile.click()
    popup = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content"))
    assert HOSTILE_TITLE in popup.get_attribute("textContent")
    assert browser.execute_script("return window.__pwned") is None
    assert popup.find_elements(By.TAG_NAME, "script") == []


def test_no_cdn_address_anywhere_in_the_site(site: Path) -> None:
    pattern = re.compile(
        rb"https?://(cdn|unpkg|cdnjs|code\.jquery|maxcdn|netdna|fonts\.googleapis)"
    )
    offenders = [p for p in site.rglob("*") if p.is_file() and pattern.search(p.read_bytes())]
    assert offenders == []
