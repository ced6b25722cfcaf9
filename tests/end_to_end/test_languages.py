"""The site in the six UN languages, read in a real browser from file:// with the network
blocked: each page carries its language and direction, shows no English interface text, leads
to the same page in the other languages, and its search finds single words in every script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from builder.data.i18n import SITE_LANGUAGES, language_name, translations
from builder.data.vocabularies import load_vocabularies
from builder.site import urls
from builder.tools import catalogues
from tests.support import REPO, SCHEMA
from tests.support.browser import non_file_requests, requests_seen, start_chromium

PAGES = {
    "home": "index.html",
    "category": "categories/refugees-migrants-justice.html",
    "initiative": "initiatives/example-sanad-legal-aid.html",
    "map": "maps/world.html",
}
PLACEHOLDERS = re.compile(r"%\(\w+\)s|<[^>]+>")
OWN_TEXT = """
    const page = document.documentElement.lang;
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('[lang]').forEach(e => { if (e.lang !== page) e.remove(); });
    copy.querySelectorAll('script, style, .md-select__list, [hidden]').forEach(e => e.remove());
    return copy.textContent;
"""
"""The page's text in the page's own language: contributor text in another language (marked
with its `lang`) and the language menu (each language's name in itself) left out."""


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    yield driver
    driver.quit()


def english_phrases(language: str) -> list[re.Pattern[str]]:
    """Our English interface text that the language's catalogue translates differently, as
    whole words: every message fragment and every vocabulary label."""
    texts = []
    for message in catalogues.template(REPO / "mkdocs.yml"):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        texts += [piece for text in ids if text for piece in PLACEHOLDERS.split(text)]
    vocab = load_vocabularies(SCHEMA)
    for name in ("categories", "groups", "solidarity", "precisions", "regions"):
        for term in getattr(vocab, name).values():
            if term.title.get(language) != term.title.english:
                texts.append(term.title.english)
    gettext = translations(language).gettext
    phrases = {t.strip(" .,:;()") for t in texts if gettext(t.strip()) != t.strip()}
    return [re.compile(rf"\b{re.escape(p)}\b") for p in phrases if re.search(r"[A-Za-z]{3}", p)]


def open_page(driver: WebDriver, site: Path, language: str, page: str) -> str:
    driver.get((site / urls.language_root(language) / page).as_uri())
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    return driver.execute_script(OWN_TEXT)


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_each_page_speaks_its_language(
    browser: WebDriver, repository_site: Path, language: str
) -> None:
    requests_seen(browser)
    phrases = english_phrases(language) if language != "en" else []
    for name, page in PAGES.items():
        text = open_page(browser, repository_site, language, page)
        html = browser.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == language, (name, language)
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), name
        leftovers = sorted({p.pattern for p in phrases if p.search(text)})
        assert leftovers == [], (name, language)
    assert non_file_requests(requests_seen(browser)) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_language_switch_lands_on_the_same_page(
    browser: WebDriver, repository_site: Path, language: str
) -> None:
    page = PAGES["initiative"]
    open_page(browser, repository_site, language, page)
    links = browser.find_elements(By.CSS_SELECTOR, "a.md-select__link")
    assert [link.get_attribute("hreflang") for link in links] == list(SITE_LANGUAGES)
    heads = browser.find_elements(By.CSS_SELECTOR, "link[rel=alternate][hreflang]")
    assert len(heads) == len(SITE_LANGUAGES)
    for link in links:
        target = repository_site / urls.language_root(link.get_attribute("hreflang")) / page
        assert link.get_attribute("href") == target.as_uri()
    spanish = next(link for link in links if link.get_attribute("hreflang") == "es")
    browser.execute_script("arguments[0].click()", spanish)
    WebDriverWait(browser, 15).until(lambda d: d.current_url.endswith(f"/es/{page}"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"


def test_an_untranslated_initiative_is_marked_as_in_its_original_language(
    browser: WebDriver, repository_site: Path
) -> None:
    open_page(browser, repository_site, "fr", "initiatives/example-highland-memory-archive.html")
    title = browser.find_element(By.TAG_NAME, "h1")
    assert title.get_attribute("lang") == "en"
    note = browser.find_element(By.CSS_SELECTOR, ".atlas-language-note").text
    message = "Original language: %(language)s. No translation into this language yet."
    expected = translations("fr").gettext(message) % {"language": language_name("en", "fr")}
    # WebDriver reads French typography's no-break spaces as plain spaces.
    assert note == re.sub("[\u00a0\u202f]", " ", expected)
    assert expected != message % {"language": "English"}


def search(driver: WebDriver, site: Path, language: str, word: str) -> list[str]:
    """Type one word into the site's search, as a reader does, and read the results."""
    driver.get((site / urls.language_root(language) / "index.html").as_uri())
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    field = driver.find_element(By.CSS_SELECTOR, ".md-search__input")
    field.send_keys(word)
    try:
        WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
    except Exception:
        return []
    finally:
        field.send_keys(Keys.ESCAPE)
    items = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
    return [item.get_attribute("href") for item in items]


SEARCHES = [
    # (language, word typed, a page it must find)
    ("ar", "اللاجئين", "initiatives/example-sanad-legal-aid.html"),
]


@pytest.mark.parametrize(("language", "word", "page"), SEARCHES)
def test_a_single_word_is_found_in_every_script(
    browser: WebDriver, repository_site: Path, language: str, word: str, page: str
) -> None:
    found = search(browser, repository_site, language, word)
    assert any(href.endswith(page) for href in found), found
