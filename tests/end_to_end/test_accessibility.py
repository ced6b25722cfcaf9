"""Accessibility of the built site, in Chromium from file:// with the network blocked: axe-core
on every page type in every language at a desktop and a phone width, and in the dark colours;
no sideways scrolling at 320 px (400 % zoom); the Nu HTML Checker on our markup; the map by
keyboard alone and without motion; what an initiative page prints; and screenshots of the main
pages, written to test-output/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from builder.data.i18n import SITE_LANGUAGES, translations
from builder.site import urls
from tests.support import REPO
from tests.support.browser import non_file_requests, requests_seen, start_chromium
from tests.support.checkers import (
    SERIOUS,
    THEME_ERRORS,
    axe_violations,
    load_axe_in_every_page,
    ours,
    vnu_errors,
)
from tests.support.html_scan import elements

SCREENSHOTS = REPO / "test-output" / "screenshots"
DESKTOP = (1280, 900)
PHONE = (390, 844)
NARROWEST = 320
"""CSS pixels: a small phone, or a 1280-pixel window zoomed to 400 % (WCAG 1.4.10)."""
LOCATED = "initiatives/example-sanad-legal-aid.html"
PAGE_TYPES = {
    "home": urls.site_path(urls.HOME),
    "map": urls.site_path(urls.MAP),
    "list": urls.site_path(urls.LIST),
    "categories": urls.site_path(urls.CATEGORIES),
    "category": urls.site_path(urls.category("refugees-migrants-justice")),
    "countries": urls.site_path(urls.COUNTRIES),
    "country": urls.site_path(urls.country("JO")),
    "initiative": LOCATED,
    "calls": urls.site_path(urls.CALLS),
    "connect": urls.site_path(urls.CONNECT),
    "kind of help": urls.site_path(urls.help_type("legal-support")),
    "numbers": urls.site_path(urls.NUMBERS),
    "rights": urls.site_path(urls.RIGHTS),
    "article": urls.site_path(urls.article(25)),
    "goals": urls.site_path(urls.GOALS),
    "goal": urls.site_path(urls.goal(16)),
    "cross-border": urls.site_path(urls.CROSS_BORDER),
    "about": "about.html",
    "contribute": "contribute.html",
    "privacy": "privacy.html",
    "design": "design.html",
    "404": "404.html",
    "world map document": urls.WORLD_MAP,
    "locator map document": urls.locator(31.95, 35.93),
}
"""One page of each type. The 404 page is served by a web server under the site's path; from
a folder it has no styles, and is checked as such."""
SHOWN = ("home", "category", "initiative", "map")
DISCLAIMER = (
    "The boundaries and names shown on this map do not imply any endorsement or acceptance by "
    "the Solidarity Atlas."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium(*DESKTOP)
    load_axe_in_every_page(driver)
    yield driver
    driver.quit()


MAP_READY = "return document.documentElement.dataset.atlasReady"


def address(site: Path, language: str, page: str) -> str:
    path, _, fragment = page.partition("#")
    found = (site / urls.language_root(language) / path).as_uri()
    return f"{found}#{fragment}" if fragment else found


def wait(driver: WebDriver, condition: Any, seconds: float = 15) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)


def open_page(driver: WebDriver, site: Path, language: str, page: str) -> None:
    """Open a page and wait until it is ready: a map document once its markers are placed,
    a page of the theme once its script has chosen the colour scheme."""
    driver.get(address(site, language, page))
    if page.startswith("maps/"):
        wait(driver, lambda d: d.execute_script(MAP_READY))
    elif page != "404.html":
        wait(driver, lambda d: d.execute_script("return !!document.body.dataset.mdColorMedia"))


def wait_for_maps(driver: WebDriver) -> None:
    """Until every map on the page has placed its markers."""
    for frame in driver.find_elements(By.CSS_SELECTOR, "iframe.atlas-map:not([loading=lazy])"):
        driver.switch_to.frame(frame)
        try:
            wait(driver, lambda d: d.execute_script(MAP_READY))
        finally:
            driver.switch_to.default_content()


def resize(driver: WebDriver, width: int, height: int) -> None:
    driver.set_window_size(width, height)
    wait(driver, lambda d: d.execute_script("return window.innerWidth") == width)


def serious(found: list[dict[str, Any]], where: str) -> list[str]:
    return [
        f"{where}: {v['impact']} {v['rule']} on {v['nodes']} element(s): {v['targets']}"
        for v in found
        if v["impact"] in SERIOUS
    ]


def sideways(driver: WebDriver) -> int:
    """How far the page scrolls sideways, in CSS pixels."""
    return int(
        driver.execute_script(
            "const e = document.scrollingElement; return e.scrollWidth - e.clientWidth;"
        )
    )


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_no_serious_failure_on_any_page_type_at_any_width(
    browser: WebDriver, repository_site: Path, language: str
) -> None:
    requests_seen(browser)
    failures = []
    for name, page in PAGE_TYPES.items():
        resize(browser, *DESKTOP)
        open_page(browser, repository_site, language, page)
        failures += serious(axe_violations(browser), f"{name} at {DESKTOP[0]} px")
        resize(browser, *PHONE)
        failures += serious(axe_violations(browser), f"{name} at {PHONE[0]} px")
        resize(browser, NARROWEST, 640)
        if sideways(browser) > 0:
            failures.append(f"{name} scrolls sideways by {sideways(browser)} px at 320 px")
    assert failures == [], language
    assert non_file_requests(requests_seen(browser)) == []


def forget_chosen_colours(driver: WebDriver, site: Path) -> None:
    """The theme keeps the scheme of the first visit in the browser's storage, and follows
    the system again only once it is forgotten."""
    open_page(driver, site, "en", urls.site_path(urls.HOME))
    driver.execute_script("localStorage.clear()")


def test_the_dark_colours_keep_their_contrast(browser: WebDriver, repository_site: Path) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    try:
        forget_chosen_colours(browser, repository_site)
        failures = []
        for name, page in PAGE_TYPES.items():
            for width, height in (DESKTOP, PHONE):
                resize(browser, width, height)
                open_page(browser, repository_site, "en", page)
                if not page.startswith(("maps/", "404")):
                    scheme = "return document.body.dataset.mdColorScheme"
                    assert browser.execute_script(scheme) == "slate", name
                failures += serious(axe_violations(browser), f"{name} at {width} px, dark")
        assert failures == []
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        forget_chosen_colours(browser, repository_site)


def test_the_checker_finds_what_it_is_for(browser: WebDriver, tmp_path: Path) -> None:
    """The same run finds a failure of each kind it must catch, so that a silent checker
    cannot pass."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>x</title><body style="background:#fff">'
        '<p style="color:#bbb">faint</p><input type="text"><img src="x.png"></body></html>',
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    rules = {v["rule"] for v in axe_violations(browser) if v["impact"] in SERIOUS}
    assert {"color-contrast", "label", "image-alt"} <= rules


def checked_pages(site: Path) -> list[Path]:
    """Each page type in every language, and every hand-written page."""
    found = {
        site / urls.language_root(language) / page.partition("#")[0]
        for language in SITE_LANGUAGES
        for page in PAGE_TYPES.values()
    }
    found |= {site / urls.language_root(lang) / f"{p.stem}.html"
              for lang in SITE_LANGUAGES for p in (REPO / "docs").glob("*.md")}  # fmt: skip
    return sorted(found)


def test_our_markup_is_valid_html(repository_site: Path) -> None:
    pages = checked_pages(repository_site)
    assert len(pages) > 100 and all(page.is_file() for page in pages)
    errors = vnu_errors(pages)
    assert ours(errors) == []
    assert len(errors) > len(ours(errors)), "the theme's known errors are still found"
    assert all(known.reason for known in THEME_ERRORS)


def test_the_html_checker_finds_errors_in_our_markup(tmp_path: Path) -> None:
    page = tmp_path / "ours.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
        'autocomplete="off"><p><div>a block in a paragraph</div></p>'
        '<input type="checkbox" autocomplete="off"></body></html>',
        encoding="utf-8",
    )
    found = ours(vnu_errors([page]))
    assert len(found) >= 2, found
    assert not any('class="md-toggle"' in error["extract"] for error in found)


def map_iframes(site: Path) -> Iterator[tuple[Path, list[tuple[str, dict[str, str]]], int]]:
    for page in sorted(site.rglob("*.html")):
        found = elements(page.read_text(encoding="utf-8"))
        for index, (tag, attributes) in enumerate(found):
            if tag == "iframe" and "atlas-map" in attributes.get("class", ""):
                yield page, found, index


def test_every_map_has_a_way_past_it_and_the_disclaimer_under_it(repository_site: Path) -> None:
    maps = list(map_iframes(repository_site))
    assert len({page for page, _, _ in maps}) > 50
    for page, found, index in maps:
        before, after = found[index - 1], found[index + 1]
        assert before[0] == "a" and "atlas-skip" in before[1]["class"], page
        assert before[1]["href"] == "#atlas-map-end" and after[1]["id"] == "atlas-map-end", page
    for language in SITE_LANGUAGES:
        text = translations(language).gettext(DISCLAIMER)
        root = repository_site / urls.language_root(language)
        for page in (urls.site_path(urls.MAP), LOCATED, urls.WORLD_MAP, urls.LOCATOR_MAP):
            html = (root / page).read_text(encoding="utf-8")
            assert text in html, (language, page)


def active(driver: WebDriver) -> WebElement:
    return driver.switch_to.active_element


def press(driver: WebDriver, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def tab_until(driver: WebDriver, found: Any, limit: int) -> list[WebElement]:
    """Press Tab until `found(active element)`; returns every element met on the way."""
    met = []
    for _ in range(limit):
        press(driver, Keys.TAB)
        element = active(driver)
        met.append(element)
        if found(element):
            return met
    raise AssertionError(f"not reached in {limit} presses of Tab")


def test_the_map_by_keyboard_alone(browser: WebDriver, repository_site: Path) -> None:
    resize(browser, *DESKTOP)
    open_page(browser, repository_site, "en", urls.site_path(urls.MAP))
    frame = browser.find_element(By.CSS_SELECTOR, "iframe.atlas-map--world")
    wait_for_maps(browser)
    # A way past the map, shown when it has the focus, that leads past the map.
    skip = tab_until(browser, lambda e: "atlas-skip" in (e.get_attribute("class") or ""), 60)[-1]
    assert skip.text == "Skip the map" and skip.size["width"] > 20
    press(browser, Keys.ENTER)
    assert active(browser).get_attribute("id") == "atlas-map-end"
    press(browser, Keys.TAB)
    assert active(browser).get_attribute("href").endswith(urls.site_path(urls.LIST))
    # Into the map: the filters first, the markers after them.
    browser.execute_script("arguments[0].focus()", skip)
    press(browser, Keys.TAB)
    assert active(browser) == frame
    browser.switch_to.frame(frame)
    try:
        assert active(browser).tag_name == "summary"
        met = tab_until(browser, lambda e: "atlas-marker" in (e.get_attribute("class") or ""), 90)
        kinds = [e.get_attribute("type") or e.tag_name for e in met[:-1]]
        assert kinds.count("checkbox") >= 10, "the legend's checkboxes come before the markers"
        marker = met[-1]
        name = marker.get_attribute("aria-label")
        assert name and ", " in name and marker.get_attribute("role") == "button"
        # Enter opens its popup and moves into it; Escape closes it and comes back.
        press(browser, Keys.ENTER)
        link = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".atlas-popup__title a"))
        assert active(browser) == link and name.startswith(link.text + ", ")
        popup = browser.find_element(By.CSS_SELECTOR, ".atlas-popup")
        assert popup.get_attribute("lang") and popup.get_attribute("dir")
        press(browser, Keys.ESCAPE)
        wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".leaflet-popup"))
        assert active(browser) == marker
        clusters = browser.find_elements(By.CSS_SELECTOR, ".marker-cluster")
        assert clusters and all(
            c.get_attribute("aria-label").startswith("A group of initiatives: ") for c in clusters
        )
    finally:
        browser.switch_to.default_content()


def test_the_map_keeps_still_for_readers_who_ask_for_less_motion(
    browser: WebDriver, repository_site: Path
) -> None:
    animated = "return [map_map.options.zoomAnimation, map_map.options.fadeAnimation]"
    open_page(browser, repository_site, "en", urls.WORLD_MAP)
    assert browser.execute_script(animated) == [True, True]
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    try:
        open_page(browser, repository_site, "en", urls.WORLD_MAP)
        assert browser.execute_script(animated) == [False, False]
        container = browser.find_element(By.CLASS_NAME, "leaflet-container")
        assert "leaflet-fade-anim" not in container.get_attribute("class")
        start = browser.execute_script("return map_map.getCenter().lng")
        browser.execute_script("map_map.panBy([300, 0])")
        assert browser.execute_script("return map_map.getCenter().lng") != start, "no glide"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_an_initiative_page_prints_the_map_in_words(
    browser: WebDriver, repository_site: Path
) -> None:
    open_page(browser, repository_site, "en", LOCATED)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        frame = browser.find_element(By.CSS_SELECTOR, "iframe.atlas-map--locator")
        assert not frame.is_displayed()
        words = browser.find_element(By.CSS_SELECTOR, ".atlas-map-text")
        assert words.is_displayed() and "31.95, 35.93" in words.text and "Jordan" in words.text
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshots_of_the_main_pages(
    browser: WebDriver, repository_site: Path, language: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in (DESKTOP, PHONE):
        resize(browser, width, height)
        for name in SHOWN:
            open_page(browser, repository_site, language, PAGE_TYPES[name])
            wait_for_maps(browser)
            shot = SCREENSHOTS / f"{name}-{language}-{width}x{height}.png"
            browser.save_screenshot(str(shot))
            assert shot.stat().st_size > 10_000
