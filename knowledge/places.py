"""Recognise a Finnish municipality in a newcomer's message, in its inflected forms.

Finnish inflects place names ("Oulussa", "Helsingistä", "Vantaalla", "Pudasjärvelle"); Swedish puts
a preposition before them ("i Vasa", "från Jakobstad"). We generate the case forms of every
municipality's Finnish and Swedish name from a few gradation and stem rules, plus their spellings
without ä/ö/å, and look message tokens up in that table. Generating more forms than Finnish
grammar allows is harmless; a form that is also a common word is not, so those forms only count
when written with a capital letter inside a sentence, or as the whole message.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"
COMMON_WORDS = Path(__file__).parent / "data" / "common_words.txt"

_FOLD = str.maketrans(
    {
        **dict.fromkeys("äåàáâ", "a"),
        **dict.fromkeys("öõóô", "o"),
        **dict.fromkeys("üú", "u"),
        "é": "e",
        "ı": "i",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "ё": "е",
        # Arabic script: Persian and Arabic letter variants, hamza seats, tatweel, zero-width non-joiner.
        "ی": "ي",
        "ى": "ي",
        "ک": "ك",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ـ": None,
        "\u200c": None,
        "\u0307": None,
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
_TOKEN = re.compile(r"[^\W\d_](?:[\w:\u200c-]*[^\W\d_])?", re.UNICODE)
OTHER_SCRIPTS = Path(__file__).parent / "data" / "municipality_names_other_scripts.yml"

# Finnish consonant gradation, strong → weak, applied to the last syllable of a name.
_GRADATION = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("nt", "nn"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("rt", "rr"),
    ("ht", "hd"),
    ("lk", "l"),
    ("rk", "r"),
    ("k", ""),
    ("p", "v"),
    ("t", "d"),
)

# Stems that the rules cannot derive (consonant-final names, plural names, two-part inflection).
_SPECIAL_STEMS: dict[str, tuple[str, ...]] = {
    "alavus": ("alavude",),
    "kannus": ("kannukse",),
    "muhos": ("muhokse",),
    "nurmes": ("nurmekse",),
    "pihtipudas": ("pihtiputaa",),
    "varkaus": ("varkaude",),
    "punkalaidun": ("punkalaitume",),
    "virrat": ("viroi", "virroi"),
    "uusikaupunki": ("uudessakaupungi", "uudestakaupungi", "uudenkaupungi", "uuteenkaupunki"),
    "koski tl": ("koske",),
}

_CASE_ENDINGS_ON_WEAK = ("n", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi")
_CASE_ENDINGS_ON_STRONG = ("na", "nä", "a", "ä", "ta", "tä")
# Estonian speakers add their own case endings (Tamperes, Vantaal, Helsingis); Turkish speakers theirs
# (Oulu'da, Espoo'dan), with or without the apostrophe.
_FOREIGN_ENDINGS = ("s", "l", "st", "lt", "le", "sse", "de", "da", "te", "ta", "den", "dan", "ten", "tan", "ye", "ya")
_CYRILLIC_ENDINGS = {"а": ("а", "ы", "и", "е", "у", "ой", "ою", "і"), "я": ("я", "и", "е", "ю", "ей", "і")}
_ARABIC_PREFIXES = ("", "ب", "ل", "و", "وب", "ول", "ف", "في")

# Names that are also everyday words ("koski" rapids, "kolari" crash, "sund" healthy, "aura" plough).
AMBIGUOUS_NAMES = frozenset(
    (
        "aura hamina ii kannus kolari lieto luoto muurame pello salla salo sund tervo vaala virrat juva eura "
        "geta kemi pori posio rusko kaavi masku lemi kerava inari пори порі сало بوري پوری سالو"
    ).split()
) | {"koski tl"}
_STOP_FORMS = frozenset({"salon", "auran", "koskessa", "koskella", "kosken", "koskelle", "kolarissa", "kolarin"})


class MunicipalityNames:
    """How a place is named to a user; shared by the mapped `Municipality` and the plain values below."""

    name_fi: str
    name_sv: str

    def name(self, language: str) -> str:
        """The name a speaker of `language` uses: Swedish speakers get the Swedish name."""
        return self.name_sv if language == "sv" else self.name_fi


@dataclass(frozen=True)
class MunicipalityName(MunicipalityNames):
    code: str
    name_fi: str
    name_sv: str


@dataclass(frozen=True)
class PlaceMatch:
    code: str
    text: str
    start: int


def fold(text: str) -> str:
    """Lowercase and drop the marks newcomers often leave out (ä→a, ö→o, å→a, ş→s, Arabic vowel marks)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return _ARABIC_MARKS.sub("", lowered.translate(_FOLD))


def load_municipality_names(path: Path = MUNICIPALITIES_CSV) -> list[MunicipalityName]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MunicipalityName(row["code"], clean_finnish_name(row["name_fi"]), row["name_sv"])
            for row in csv.DictReader(handle)
        ]


def clean_finnish_name(classification_name: str) -> str:
    """The name people use: 'Maarianhamina - Mariehamn' → 'Maarianhamina', 'Pedersören kunta' → 'Pedersöre'."""
    name = classification_name.split(" - ")[0]
    if name.endswith("n kunta"):
        name = name[: -len("n kunta")]
    return name


def _vowel_harmony_variants(ending: str) -> set[str]:
    return {ending.translate(str.maketrans("äöy", "aou")), ending.translate(str.maketrans("aou", "äöy"))}


def _weak_stems(name: str) -> set[str]:
    if name in _SPECIAL_STEMS:
        return set(_SPECIAL_STEMS[name])
    if name.endswith("nen"):
        return {name[:-3] + "se", name[:-3] + "si"}
    if name[-1] not in "aeiouyäö":
        return {name, name + "i"}
    stems = {name}
    last_vowels = re.search(r"[aeiouyäö]+$", name)
    assert last_vowels is not None
    head, tail = name[: last_vowels.start()], name[last_vowels.start() :]
    for strong, weak in _GRADATION:
        if head.endswith(strong) and len(head) > len(strong):
            stems.add(head[: len(head) - len(strong)] + weak + tail)
    if name.endswith("i"):
        stems |= {stem[:-1] + "e" for stem in stems if stem.endswith("i")}
    if name.endswith("e"):
        stems |= {stem + "e" for stem in stems}
    return stems


def _strong_stems(name: str) -> set[str]:
    stems = {name}
    if name.endswith("i"):
        stems.add(name[:-1] + "e")
    return stems


def _illatives(name: str) -> set[str]:
    if name[-1] not in "aeiouyäö":
        return set()
    last = name[-1]
    forms = {name + last + "n"}
    if len(name) > 1 and name[-2] in "aeiouyäö":
        forms |= {name + "seen", name + "h" + last + "n"}
    if name.endswith("i"):
        forms.add(name[:-1] + "een")
    return forms


def finnish_forms(name: str) -> set[str]:
    """Case forms of a Finnish municipality name, lowercase (more than the grammar allows, on purpose)."""
    name = name.lower()
    forms = {name} | _illatives(name)
    for stem in _weak_stems(name):
        for ending in _CASE_ENDINGS_ON_WEAK:
            forms |= {stem + variant for variant in _vowel_harmony_variants(ending)}
    for stem in _strong_stems(name):
        for ending in _CASE_ENDINGS_ON_STRONG:
            forms |= {stem + variant for variant in _vowel_harmony_variants(ending)}
    for stem in _weak_stems(name) | {name}:
        forms |= {stem + ending for ending in _FOREIGN_ENDINGS}
    if name in _SPECIAL_STEMS and " " not in name:
        forms |= {stem for stem in _SPECIAL_STEMS[name] if stem.startswith("uu")}
    return {form for form in forms if form not in _STOP_FORMS}


def other_script_forms(name: str) -> set[str]:
    """Russian and Ukrainian case endings on -а/-я names (в Котке, у Ваасі); Arabic prefixes (بهلسنكي)."""
    name = name.lower()
    forms = {name}
    if name[-1] in _CYRILLIC_ENDINGS:
        forms |= {name[:-1] + ending for ending in _CYRILLIC_ENDINGS[name[-1]]}
        if name.endswith("ка"):
            forms.add(name[:-2] + "ці")
    if "\u0600" <= name[0] <= "\u06ff":
        forms |= {prefix + name for prefix in _ARABIC_PREFIXES}
    return forms


def load_other_script_names(path: Path = OTHER_SCRIPTS) -> dict[str, list[str]]:
    return {str(code): names for code, names in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def swedish_forms(name: str) -> set[str]:
    name = name.lower()
    return {name, name + "s"} if not name.endswith("s") else {name}


class PlaceFinder:
    """Finds municipalities in text; build once (about 50k forms) and reuse."""

    def __init__(
        self,
        municipalities: Iterable[MunicipalityName],
        common_words: Iterable[str] = (),
        other_scripts: Optional[dict[str, list[str]]] = None,
    ) -> None:
        self._forms: dict[str, set[str]] = {}
        self._ambiguous_forms: set[str] = set()
        common = {fold(word) for word in common_words}
        for municipality in municipalities:
            for name in {municipality.name_fi.lower(), municipality.name_sv.lower()}:
                forms = finnish_forms(name) if name == municipality.name_fi.lower() else set()
                self._add(municipality.code, name, forms | swedish_forms(name), common)
            for name in (other_scripts or {}).get(municipality.code, []):
                self._add(municipality.code, name.lower(), other_script_forms(name), common)
        self.longest_name = max(len(key.split()) for key in self._forms)

    def _add(self, code: str, name: str, forms: set[str], common: set[str]) -> None:
        ambiguous = name in AMBIGUOUS_NAMES
        for form in forms:
            key = fold(form)
            self._forms.setdefault(key, set()).add(code)
            if ambiguous or key in common:
                self._ambiguous_forms.add(key)

    def __len__(self) -> int:
        return len(self._forms)

    def find(self, text: str) -> list[PlaceMatch]:
        """All unambiguous municipality mentions in `text`, in order of appearance."""
        tokens = list(_TOKEN.finditer(text.replace("’", "'").replace("'", " ")))
        whole_message = len(tokens) <= self.longest_name
        matches: list[PlaceMatch] = []
        index = 0
        while index < len(tokens):
            match = self._match_at(text, tokens, index, whole_message)
            if match is None:
                index += 1
                continue
            matches.append(match[0])
            index += match[1]
        return matches

    def first(self, text: str) -> Optional[str]:
        found = self.find(text)
        return found[0].code if found else None

    def _match_at(
        self, text: str, tokens: list[re.Match[str]], index: int, whole_message: bool
    ) -> Optional[tuple[PlaceMatch, int]]:
        for width in range(min(self.longest_name, len(tokens) - index), 0, -1):
            window = tokens[index : index + width]
            surface = text[window[0].start() : window[-1].end()]
            key = fold(" ".join(token.group() for token in window))
            codes = self._forms.get(key)
            if not codes or len(codes) > 1:
                continue
            if key in self._ambiguous_forms and not (
                whole_message or (surface[0].isupper() and not _starts_sentence(text, window[0].start()))
            ):
                continue
            return PlaceMatch(code=next(iter(codes)), text=surface, start=window[0].start()), width
        return None


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?¿¡"


@lru_cache(maxsize=1)
def default_place_finder() -> PlaceFinder:
    return PlaceFinder(load_municipality_names(), common_words=_common_words(), other_scripts=load_other_script_names())


def _common_words() -> set[str]:
    """Everyday words of Alku's languages that must not be read as a place name."""
    lines = COMMON_WORDS.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
