"""Demo data for this app, loaded only by ``manage.py seed_demo``."""


def seed(users):
    return None


def seed_proposals(users):
    return None
