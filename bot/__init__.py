"""Jisr bot: channels (the platform edge), the message path, the ASGI server and the ``jisr`` CLI."""
