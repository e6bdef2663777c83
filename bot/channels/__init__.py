"""Channel adapters: the platform edge. Each module turns a platform's updates into
:class:`bot.messages.InboundMessage` and renders :class:`bot.messages.OutboundMessage` for its platform."""
