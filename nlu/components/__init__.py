"""Custom Rasa graph components (run inside the Rasa 3.6 service, Python 3.10)."""
