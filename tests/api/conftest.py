"""API clients: each role's personal token, sent as ``Authorization: Bearer``."""

import pytest
from django.test import Client

from accounts.services import api_token_create


class TokenClient(Client):
    """Django's test client with a Bearer token on every request, and JSON bodies."""

    def __init__(self, raw_token, **defaults):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {raw_token}", **defaults)
        self.raw_token = raw_token

    def post_json(self, path, data=None, **extra):
        return self.post(path, data or {}, content_type="application/json", **extra)


def token_client(user, name="tests"):
    _token, raw = api_token_create(user=user, name=name)
    return TokenClient(raw)


@pytest.fixture
def mission_api(mission):
    return token_client(mission)


@pytest.fixture
def teammate_api(teammate):
    return token_client(teammate)


@pytest.fixture
def direction_api(direction):
    return token_client(direction)


@pytest.fixture
def observer_api(observer):
    return token_client(observer)
