"""A one-page preview cut out of a built site opens offline from its own folder: the page, its
pictures and its locator map, with no request leaving the folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from builder.tools.onepage import write_preview
from tests.support.browser import non_file_requests, requests_seen, start_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    yield driver
    driver.quit()


def test_the_one_page_preview_opens_with_its_pictures_and_map(
    browser: WebDriver, small_site: Path, tmp_path: Path
) -> None:
    folder = write_preview(small_site, tmp_path / "review", "river-keepers", "River keepers")
    assert folder is not None
    requests_seen(browser)
    browser.get((folder / "index.html").as_uri())
    wait = WebDriverWait(browser, 15, poll_frequency=0.1)
    wait.until(lambda d: d.current_url.endswith("/initiatives/river-keepers.html"))
    pictures = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "article img"))
    assert all(
        browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", p)
        for p in pictures
    )
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.atlas-map--locator")
    browser.execute_script("arguments[0].scrollIntoView()", frame)
    browser.switch_to.frame(frame)
    ready = wait.until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-atlas-ready")
    )
    assert ready == "1"
    assert browser.execute_script("return Boolean(window.ATLAS_BASEMAP && window.L)")
    assert browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    browser.switch_to.default_content()
    seen = requests_seen(browser)
    assert non_file_requests(seen) == []
    assert all(url.startswith(folder.as_uri()) for url in seen if url.startswith("file:"))
