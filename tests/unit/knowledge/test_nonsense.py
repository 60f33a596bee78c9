"""Keyboard mashing is told from messages people write, typos and all."""

import pytest

from knowledge.nonsense import CharacterModel
from ops.tune_triage import training_texts


@pytest.fixture(scope="module")
def model() -> CharacterModel:
    return CharacterModel.learn(training_texts())


@pytest.mark.parametrize(
    "text",
    ["asdfghjkl", "qwerty uiop", "йцукен фыва", "ضصثقف شسيب", "jfjfjfjfjf", "ububububu", "xzcvbnm qwqw", "ööööööö"],
)
def test_keyboard_mashing_is_nonsense(model, text):
    assert model.is_nonsense(text)


@pytest.mark.parametrize(
    "text",
    [
        "Miten haen oleskelulupaa?",
        "how i get kela card",
        "Хочу записаться к врачу",
        "كيف أحصل على بطاقة كيلا",
        "چطور اقامت بگیرم",
        "Sidee baan u helaa shaqo?",
        "Oturum iznimi nasıl uzatırım",
        "Kuidas saan elamisloa",
        "recidence permt renewl plz",
        "mista saan suomen kielen kurssin",
    ],
)
def test_real_messages_with_typos_are_not(model, text):
    assert not model.is_nonsense(text)


def test_too_few_letters_are_not_judged(model):
    assert model.score("ok") is None and not model.is_nonsense("ok")


def test_the_model_survives_saving_and_loading(model):
    loaded = CharacterModel.from_dict(model.to_dict())
    assert loaded.score("asdfghjkl") == pytest.approx(model.score("asdfghjkl"))
    assert loaded.threshold == model.threshold
