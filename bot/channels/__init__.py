"""Channel adapters: the platform edge. Each module turns a platform's updates into
:class:`dialogues.messages.InboundMessage` and renders :class:`dialogues.messages.OutboundMessage` for its platform."""
