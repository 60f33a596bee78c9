import pytest

from knowledge.places import clean_finnish_name, default_place_finder, finnish_forms, fold, load_municipality_names

OULU, VAASA, KOTKA, HELSINKI, VANTAA, PUDASJARVI = "564", "905", "285", "091", "092", "615"


@pytest.fixture(scope="module")
def finder():
    return default_place_finder()


@pytest.mark.parametrize(
    "text, code",
    [
        ("Miten haen oleskelulupaa Oulussa?", OULU),
        ("muutin Ouluun viime viikolla", OULU),
        ("olen Oulusta kotoisin", OULU),
        ("Var lär jag mig finska i Vasa?", VAASA),
        ("asun vaasassa", VAASA),
        ("Kotkasta", KOTKA),
        ("I live in Helsinki", HELSINKI),
        ("asun Helsingissä", HELSINKI),
        ("muutto Helsinkiin", HELSINKI),
        ("asun Vantaalla", VANTAA),
        ("från Helsingfors", HELSINKI),
        ("Pudasjärvellä", PUDASJARVI),
        ("pudasjarvella ilman pisteitä", PUDASJARVI),
        ("från Jakobstad", "598"),
        ("Pietarsaaressa", "598"),
        ("i Närpes", "545"),
        ("Närpiössä", "545"),
        ("Espoossa", "049"),
        ("till Esbo", "049"),
        ("Mäntsälässä", "505"),
        ("Karkkilassa", "224"),
        ("Tampereella", "837"),
        ("Lahdessa", "398"),
        ("Seinäjoella", "743"),
        ("Rovaniemellä", "698"),
        ("Hyvinkäällä", "106"),
        ("Järvenpäähän", "186"),
        ("Kaskisissa", "231"),
        ("Uudessakaupungissa", "895"),
        ("Maarianhaminassa", "478"),
        ("i Pedersöre", "599"),
    ],
)
def test_finds_municipality_in_inflected_forms(finder, text, code):
    assert finder.first(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "olin kolarissa eilen",  # kolari: a car crash
        "how do i get a kela card",
        "can I go to the sauna",
        "the salon is closed",
        "jag mår sund och bra",
        "",
        "👍👍",
    ],
)
def test_common_words_are_not_places(finder, text):
    assert finder.find(text) == []


def test_ambiguous_name_counts_when_written_as_a_name_or_alone(finder):
    assert finder.first("Asun Kolarissa") == "273"
    assert finder.first("kolari") == "273"
    assert finder.first("Kolari on kaunis paikka") is None  # sentence-initial capital proves nothing


def test_every_municipality_is_found_by_its_names(finder):
    for municipality in load_municipality_names():
        for name in {municipality.name_fi, municipality.name_sv}:
            assert finder.first(name) == municipality.code, name


def test_classification_names_are_cleaned():
    assert clean_finnish_name("Maarianhamina - Mariehamn") == "Maarianhamina"
    assert clean_finnish_name("Pedersören kunta") == "Pedersöre"


def test_forms_include_spellings_without_diacritics():
    assert "jarvenpaassa" in {fold(form) for form in finnish_forms("Järvenpää")}
