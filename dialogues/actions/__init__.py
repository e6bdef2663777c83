"""dialogues/actions"""
