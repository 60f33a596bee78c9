from channels.telegram_format import MAX_TEXT, keyboard, messages_for, split_text, to_html


def test_short_text_is_one_part():
    assert split_text("Hei!") == ["Hei!"]


def test_long_text_is_split_at_paragraphs_then_lines_then_spaces():
    paragraph = "a" * 3000
    parts = split_text(f"{paragraph}\n\n{paragraph}")
    assert parts == [paragraph, paragraph]
    words = " ".join(["sana"] * 2000)
    parts = split_text(words)
    assert all(len(part) <= MAX_TEXT for part in parts) and " ".join(parts) == words
    assert split_text("x" * 5000) == ["x" * MAX_TEXT, "x" * 904]


def test_html_special_characters_are_escaped():
    assert to_html("<b>1 & 2</b>") == "&lt;b&gt;1 &amp; 2&lt;/b&gt;"


def test_buttons_become_an_inline_keyboard_under_the_last_part():
    buttons = [{"title": str(n), "payload": f'/rate{{"rating": {n}}}'} for n in range(1, 6)]
    parts = messages_for("y " * 3000, buttons)
    assert len(parts) == 2 and parts[0]["reply_markup"] is None
    rows = parts[1]["reply_markup"].inline_keyboard
    assert len(rows) == 1 and [b.callback_data for b in rows[0]] == [b["payload"] for b in buttons]
    assert all(part["parse_mode"] == "HTML" for part in parts)


def test_long_titles_go_two_to_a_row_and_oversized_payloads_are_dropped():
    buttons = [
        {"title": name, "payload": f'/choose_language{{"language": "{code}"}}'}
        for code, name in [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
    ]
    rows = keyboard(buttons + [{"title": "too long", "payload": "/" + "x" * 70}]).inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Suomi", "Svenska"], ["English"]]
