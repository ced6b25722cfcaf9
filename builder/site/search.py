"""Search that finds a single word in every script, tuned around the theme's own search.

The theme's search (lunr.js in a worker) has three gaps for our languages, measured on the
built site: its language settings fall back to English for Arabic (so Arabic words are trimmed
away) and to an English pipeline for Russian, French and Spanish (no stemming, and quotation
marks stay glued to words); every query term gets a trailing wildcard, which skips stemming,
so a word in another grammatical form is never found; and its Chinese query segmenter never
considers the whole query as one word. We set each language's search options, add a hidden
field with each word's accent-free form (and the sub-words of Chinese text), and apply two
small patches to the theme's scripts in the built site, each checked by a browser test.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

INDEX_FILE = "search/search_index.json"
FOLDED_FIELD = "folded"
WORKER_DIR = "assets/javascripts/workers"
STEMMER_SUPPORT = "assets/javascripts/lunr/min/lunr.stemmer.support.min.js"

SEPARATOR = (
    r"[\s\-\u200b\u3000、。，．？！；：「」『』《》〈〉（）"
    r"«»“”„‟\"'‘’‚‛()\[\]{}<>,.:;!?¿¡،؛؟…–—/|]+"
)
"""Word boundaries for every language: spaces, dashes and the punctuation of the six
languages, quotation marks included, so that «слово» or "mot" is the word itself."""
STEMMED = ["trimmer", "stopWordFilter", "stemmer"]
OPTIONS: dict[str, dict[str, Any]] = {
    "en": {"lang": ["en"], "pipeline": ["stopWordFilter"]},
    "fr": {"lang": ["fr"], "pipeline": STEMMED},
    "es": {"lang": ["es"], "pipeline": STEMMED},
    # With English too: lunr's Arabic and Russian word characters are their own script only,
    # and an entry in its original language is often in Latin script.
    "ru": {"lang": ["ru", "en"], "pipeline": STEMMED},
    "ar": {"lang": ["ar", "en"], "pipeline": STEMMED},
    # lunr's Chinese support needs a segmenter in the browser; the theme's own approach (words
    # segmented by jieba when the index is built, English settings otherwise) is kept.
    "zh": {"lang": ["en"], "pipeline": ["stemmer"]},
}

STEM_QUERIES = """
/* Solidarity Atlas: the theme adds a trailing wildcard to every query term, and lunr does not
   stem wildcard terms, so "солидарность" never met the stem "солидарн". Each wildcard term is
   also searched stemmed. */
(function (lunr) {
  if (!lunr || !lunr.Query || lunr.Query.prototype.atlasStems) return;
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.atlasStems = true;
  lunr.Query.prototype.clause = function (spec) {
    clause.call(this, spec);
    var term = spec.term || "";
    if (spec.usePipeline === false && term.indexOf("*") === term.length - 1 && term.length > 1) {
      clause.call(this, {
        term: term.slice(0, -1), fields: spec.fields, boost: spec.boost,
        presence: spec.presence, usePipeline: true, wildcard: lunr.Query.wildcard.NONE
      });
    }
    return this;
  };
})(typeof lunr !== "undefined" ? lunr : self.lunr);
"""
WHOLE_QUERY = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
"""The theme's Chinese query segmenter looks for known words in query[i:j] with j < length,
so a query that is exactly one word is never recognised as that word."""
UNSEARCHED = re.compile(r"<!--(/?)atlas:unsearched-->")
"""Around what search leaves out (the `unsearched` template macro); may nest."""
ASIDE = re.compile(r"<!--atlas:aside (\d+)-->")
TAGS = re.compile(r"<[^>]+>")
WORDS = re.compile(r"\w+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def options_for(language: str) -> dict[str, Any]:
    """The search plugin's settings for one language."""
    return {**OPTIONS[language], "separator": SEPARATOR}


def set_aside(html: str) -> tuple[str, list[str]]:
    """The page body as search should read it, each left-out part replaced by a placeholder,
    and those parts. The theme's search parses the whole body of every page, however much of
    it is marked `data-search-exclude`; on an initiative page that is most of it."""
    kept: list[str] = []
    asides: list[str] = []
    depth, start, position = 0, 0, 0
    for marker in UNSEARCHED.finditer(html):
        closing = marker.group(1) == "/"
        if not closing and depth == 0:
            kept.append(html[position : marker.start()])
            start = marker.end()
        depth += -1 if closing else 1
        if closing and depth == 0:
            kept.append(f"<!--atlas:aside {len(asides)}-->")
            asides.append(UNSEARCHED.sub("", html[start : marker.start()]))
            position = marker.end()
        depth = max(depth, 0)
    if depth:
        return UNSEARCHED.sub("", html), []
    kept.append(html[position:])
    return UNSEARCHED.sub("", "".join(kept)), asides


def put_back(output: str, asides: list[str]) -> str:
    """The page as readers get it: every part set aside back in its place."""
    if not asides:
        return output
    number_of = len(asides)
    return ASIDE.sub(
        lambda found: asides[n] if (n := int(found.group(1))) < number_of else "", output
    )


def fold(text: str) -> str:
    """Without accents and other marks: 'educación' -> 'educacion', 'مُدَرِّسة' -> 'مدرسة'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def hidden_words(text: str) -> str:
    """The words a reader may type that the text does not hold as such: accent-free forms, and
    the shorter words inside Chinese compounds."""
    plain = TAGS.sub(" ", text)
    words = {fold(word) for word in WORDS.findall(plain)} - set(WORDS.findall(plain))
    for run in HAN.findall(plain):
        words |= chinese_words(run)
    return " ".join(sorted(w for w in words if w))


def chinese_words(run: str) -> set[str]:
    """Every dictionary word jieba finds in a run of Chinese characters, including the words
    inside longer ones (its search mode), so a word in mid-sentence can be found."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(60)
    return {word for word in jieba.cut_for_search(run) if len(word) > 1}


def improve_index(site: Path, language: str) -> None:
    """Add the hidden field to the search index and patch the theme's search scripts."""
    index_file = site / INDEX_FILE
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        words = hidden_words(f"{doc.get('title', '')} {doc.get('text', '')}")
        if words:
            doc[FOLDED_FIELD] = words
    index["config"].setdefault("fields", {})[FOLDED_FIELD] = {"boost": 1}
    index_file.write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        encoding="utf-8",
    )
    patch_theme_search(site)


def patch_theme_search(site: Path) -> list[Path]:
    """Apply both patches; each is applied once, and a theme update that moves the code they
    patch is caught by the browser tests."""
    changed = []
    for worker in sorted((site / WORKER_DIR).glob("search*.js")):
        text = worker.read_text(encoding="utf-8")
        patched = WHOLE_QUERY.sub(r"for(let \1=\2+1;\1<=\3.length;\1++)\3.slice(\2,\1)in ", text)
        if patched != text:
            worker.write_text(patched, encoding="utf-8")
            changed.append(worker)
    support = site / STEMMER_SUPPORT
    if support.exists() and "atlasStems" not in support.read_text(encoding="utf-8"):
        with open(support, "a", encoding="utf-8") as handle:
            handle.write(STEM_QUERIES)
        changed.append(support)
    return changed
