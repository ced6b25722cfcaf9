"""Find and connect, in a real browser from file:// with the network blocked: the map and the
list filtered by every facet agree with the pages that list the same initiatives, a filtered
view survives in its address, and the connecting pages lead where they should."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from builder.data.model import Atlas
from builder.settings import Settings
from builder.site import urls
from tests.support import REPO
from tests.support.browser import non_file_requests, requests_seen, start_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    from builder import pipeline

    found, checked = pipeline.collect(Settings.for_root(REPO))
    assert checked.problems == []
    return found


def open_page(driver: WebDriver, site: Path, page: str, fragment: str = "") -> None:
    driver.get((site / urls.site_path(page)).as_uri() + (f"#{fragment}" if fragment else ""))


def shown_on_map(driver: WebDriver) -> int:
    """How many initiatives the map shows once its filters are applied."""
    html = driver.find_element(By.TAG_NAME, "html")
    WebDriverWait(driver, 15).until(lambda d: html.get_attribute("data-atlas-ready") is not None)
    return int(html.get_attribute("data-atlas-shown"))


def cards(driver: WebDriver) -> set[str]:
    links = driver.find_elements(By.CSS_SELECTOR, ".atlas-card h3 a")
    return {link.get_attribute("href").rsplit("/", 1)[-1] for link in links}


def test_the_map_filtered_by_an_article_shows_the_articles_initiatives(
    browser: WebDriver, repository_site: Path, atlas: Atlas
) -> None:
    requests_seen(browser)
    for article in (3, 19, 25):
        open_page(browser, repository_site, urls.article(article))
        listed = cards(browser)
        assert len(listed) == len(atlas.with_right(article)) > 0
        open_page(browser, repository_site, urls.WORLD_MAP, f"right={article}")
        assert shown_on_map(browser) == len(listed)
        open_page(browser, repository_site, urls.LIST, f"right={article}")
        rows = browser.find_elements(By.CSS_SELECTOR, ".atlas-list-item:not([hidden]) a")
        assert {row.get_attribute("href").rsplit("/", 1)[-1] for row in rows} == listed
    assert non_file_requests(requests_seen(browser)) == []


def test_only_this_one_leaves_exactly_the_categorys_initiatives(
    browser: WebDriver, repository_site: Path, atlas: Atlas
) -> None:
    open_page(browser, repository_site, urls.WORLD_MAP)
    total = shown_on_map(browser)
    category = "labour-rights"
    only = browser.find_element(By.CSS_SELECTOR, f'.atlas-panel__only[data-category="{category}"]')
    browser.execute_script("arguments[0].click()", only)
    html = browser.find_element(By.TAG_NAME, "html")
    expected = len(atlas.in_category(category))
    WebDriverWait(browser, 10).until(
        lambda d: html.get_attribute("data-atlas-shown") == str(expected)
    )
    assert browser.execute_script("return location.hash") == f"#category={category}"
    browser.execute_script(
        "arguments[0].click()", browser.find_element(By.CSS_SELECTOR, ".atlas-panel__all")
    )
    WebDriverWait(browser, 10).until(lambda d: html.get_attribute("data-atlas-shown") == str(total))


def test_a_shared_address_reproduces_a_filtered_view(
    browser: WebDriver, repository_site: Path, atlas: Atlas
) -> None:
    expected = [i for i in atlas.initiatives if 16 in i.sdgs and i.south_south]
    assert expected, "the examples have South-South initiatives that work towards SDG 16"
    open_page(browser, repository_site, urls.MAP, "goal=16&south=1")
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.atlas-map--world")
    assert frame.get_attribute("src").endswith("#goal=16&south=1")
    browser.switch_to.frame(frame)
    assert shown_on_map(browser) == len(expected)
    select = Select(browser.find_element(By.CSS_SELECTOR, "select[name=goal]"))
    assert select.first_selected_option.get_attribute("value") == "16"
    select.select_by_value("")
    browser.switch_to.default_content()
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return location.hash") == "#south=1"
    )


def test_the_connect_pages_list_who_offers_and_who_seeks(
    browser: WebDriver, repository_site: Path, atlas: Atlas
) -> None:
    open_page(browser, repository_site, urls.CONNECT)
    rows = browser.find_elements(By.CSS_SELECTOR, ".atlas-table tbody tr")
    assert len(rows) == len(atlas.vocabularies.help)
    open_page(browser, repository_site, urls.help_type("legal-support"))
    offering = {f"{i.slug}.html" for i in atlas.offering("legal-support")}
    seeking = {f"{i.slug}.html" for i in atlas.seeking("legal-support")}
    assert offering and seeking
    assert cards(browser) == offering | seeking


def test_an_initiative_page_leads_to_help_and_to_an_introduction(
    browser: WebDriver, repository_site: Path
) -> None:
    open_page(browser, repository_site, urls.initiative("example-guardioes-do-territorio"))
    heading = browser.find_element(By.XPATH, "//h2[text()='Could help this initiative']")
    matches = heading.find_element(By.XPATH, "following-sibling::ul[1]")
    links = matches.find_elements(By.TAG_NAME, "a")
    assert any(
        link.get_attribute("href").endswith("example-sanad-legal-aid.html") for link in links
    )
    assert "Legal support" in matches.text, "what connects them is named"
    introduction = browser.find_element(By.CSS_SELECTOR, "a.atlas-introduction")
    href = introduction.get_attribute("href")
    assert href.startswith("https://github.com/") and "template=connect.yml" in href
    assert href.endswith("&initiative=example-guardioes-do-territorio")
    address = browser.find_element(By.CSS_SELECTOR, ".atlas-address").text
    assert address == href, "offline, the address shows as text"
