"""The NLU components' own parts that run without a trained model."""

from __future__ import annotations

import numpy as np

from bot.components import PlaceMasker, SentenceEmbeddings, TfidfSvmIntentClassifier, code_fingerprint, embedder

MESSAGES = [
    f"{question} {number}"
    for number, question in enumerate(
        ["miten saan kela kortin", "Как получить Kela-карту?", "كيف أسجل في DVV؟", "where is the neuvola"] * 10
    )
]


def test_embeddings_in_batches_are_each_messages_own_in_order():
    """Training embeds thousands of messages in batches; each row must still belong to its message."""
    features = SentenceEmbeddings(weight=1.5).transform(MESSAGES).toarray()
    alone = np.vstack([embedder(1).query(message) for message in MESSAGES]) * 1.5
    assert len(MESSAGES) > 2 * SentenceEmbeddings.BATCH
    assert features.shape == alone.shape
    assert np.allclose(features, alone, atol=1e-5)
    assert not np.allclose(features[0], features[1])


def test_no_messages_give_an_empty_matrix_of_the_right_width():
    assert SentenceEmbeddings(weight=1.5).transform([]).shape == (0, embedder(1).dim)


def test_a_change_to_the_training_code_changes_the_training_cache_key(tmp_path):
    """Else `make train` after a change to a component restores the old model from Rasa's cache."""
    (tmp_path / "bot").mkdir()
    component = tmp_path / "bot" / "component.py"
    component.write_text("WEIGHT = 1.5\n")
    before = code_fingerprint(("bot/component.py",), tmp_path)
    component.write_text("WEIGHT = 2.0\n")
    assert code_fingerprint(("bot/component.py",), tmp_path) != before
    assert PlaceMasker.fingerprint_addon({}) == TfidfSvmIntentClassifier.fingerprint_addon({}) == code_fingerprint()
