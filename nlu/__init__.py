"""The Jisr Rasa project (config, data) plus the bot-side NLU client and the Darija/Arabic normaliser.

This package must stay importable from the Rasa environment (Python 3.10): no imports here."""
