import asyncio

from rasa.utils.endpoints import EndpointConfig

from channels.callback import SafeCallbackOutput
from ops.run import free_port


def test_a_callback_address_that_refuses_connections_does_not_break_the_turn():
    output = SafeCallbackOutput(EndpointConfig(url=f"http://127.0.0.1:{free_port()}/nobody-listens"))
    asyncio.run(output.send_text_message("user-1", "مرحباً"))
    assert output.messages == [{"recipient_id": "user-1", "text": "مرحباً", "metadata": {"direction": "rtl"}}]
