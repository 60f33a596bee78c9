import pytest

from knowledge.languages import LanguageDetector, language_table, requested_language
from settings import SUPPORTED_LANGUAGES

ALL = ["fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr"]


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector(ALL)


@pytest.mark.parametrize(
    "text, language",
    [
        ("Miten haen oleskelulupaa Oulussa?", "fi"),
        ("How do I get a Kela card?", "en"),
        ("Var lär jag mig finska i Vasa?", "sv"),
        ("mist saa apua asunnon hakemiseen", "fi"),
        ("where can I find an apartment in Espoo", "en"),
        ("hur ansöker jag om daghemsplats", "sv"),
        ("Как получить Kela-карту?", "ru"),
        ("Як отримати картку Kela для дитини?", "uk"),
        ("Kuidas ma saan Soomes elamisloa?", "et"),
        ("كيف أسجل في DVV؟", "ar"),
        ("چطور می‌توانم اجازه اقامت بگیرم؟", "fa"),
        ("Sidee ayaan u heli karaa kaarka Kela?", "so"),
        ("Oturma iznimi nasıl uzatabilirim?", "tr"),
    ],
)
def test_detects_the_language_of_a_question(detector, text, language):
    assert detector.detect(text).language == language


def test_finnish_terms_do_not_pull_english_towards_finnish(detector):
    detection = detector.detect("How do I get a Kela card and oleskelulupa?")
    assert detection.language == "en"


@pytest.mark.parametrize("text", ["", "👍👍", "ok", "??", "Oulu"])
def test_too_little_text_gives_no_language(detector, text):
    assert detector.detect(text).language is None


@pytest.mark.parametrize("text", ["kiitos", "ok", "Oulu", "hej då", "👍"])
def test_short_message_keeps_the_conversation_language(detector, text):
    assert detector.conversation_language(text, "en") == "en"


def test_clear_sentence_switches_the_conversation_language(detector):
    assert detector.conversation_language("Voitko kertoa miten saan verokortin?", "en") == "fi"


def test_first_message_sets_the_language_even_when_short(detector):
    assert detector.conversation_language("hei", None) == "fi"
    assert detector.conversation_language("hejsan", None) == "sv"


@pytest.mark.parametrize(
    "text, language",
    [
        ("in English please", "en"),
        ("puhu suomea", "fi"),
        ("vaihda kieli ruotsiksi", "sv"),
        ("kan du skriva på engelska", "en"),
        ("can you answer in Arabic", "ar"),
        ("на русском пожалуйста", "ru"),
        ("hello there", None),
    ],
)
def test_requested_language(text, language):
    assert requested_language(text) == language


def test_right_to_left_languages_are_marked():
    table = language_table()
    assert {code for code, info in table.items() if info.rtl} == {"ar", "fa", "ckb"}


@pytest.fixture(scope="module")
def other_languages():
    from knowledge.languages import OtherLanguageDetector

    return OtherLanguageDetector(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("我怎么申请居留许可？", "zh"),
        ("Bonjour, comment je peux obtenir un permis de séjour en Finlande ?", "fr"),
        ("Hola, ¿cómo puedo encontrar trabajo en Helsinki?", "es"),
        ("Xin chào, tôi muốn hỏi về giấy phép cư trú", "vi"),
        ("ฉันจะหาหมอได้ที่ไหน", "th"),
        ("چۆن دەتوانم مۆڵەتی نیشتەجێبوون وەربگرم؟", "ckb"),
        ("ما څنګه کولی شم کار پیدا کړم؟", "ps"),
        ("ኣብ ፊንላንድ ከመይ ጌረ ስራሕ ክረክብ እኽእል", "ti"),
        ("मैं फिनलैंड में नौकरी कैसे पाऊं", "ne"),
    ],
)
def test_a_language_alku_does_not_speak_is_recognised(other_languages, text, code):
    assert other_languages.detect(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Miten haen oleskelulupaa Oulussa?",
        "Hur ansöker jag om FPA-kort?",
        "how can i find job in helsinki",
        "kak poluchit kartochku kela? poteryal staruyu",
        "چطور می‌توانم اقامت دائم بگیرم؟",
        "كيف أسجل في DVV؟",
        "Sidee baan ku codsadaa oggolaanshaha deganaanshaha?",
        "Kuidas ma saan Soomes tööd?",
        "Oturum izni nasıl alınır?",
        "Як отримати дозвіл на проживання?",
        "ok",
    ],
)
def test_alku_s_own_languages_are_never_refused(other_languages, text):
    assert other_languages.detect(text) is None


def test_an_unknown_language_gets_the_english_sentence_and_a_known_one_its_own():
    from knowledge.languages import unsupported_language_text

    assert unsupported_language_text("fr").startswith("Désolé")
    assert unsupported_language_text("xx").startswith("Sorry") and "Finnish" in unsupported_language_text("xx")


def test_the_page_language_is_a_hint_not_a_lock(detector):
    """A Finnish page preselects Finnish, but an English first message is answered in English."""
    assert detector.conversation_language("How do I apply for a residence permit?", None, hint="fi") == "en"
    assert detector.conversation_language("ok", None, hint="fi") == "fi"
    assert detector.conversation_language("hello there", None, hint="fi") == "fi"  # too short to tell
