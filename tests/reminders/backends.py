"""An email backend whose server refuses the first messages, then behaves like locmem."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection


class FlakySMTPBackend(LocmemBackend):
    # How many more sends fail; tests set it.
    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left > 0:
            FlakySMTPBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class DatabaseLostAfterSendBackend(LocmemBackend):
    """The SMTP server accepts the message, then PostgreSQL drops the sender's connection.

    As when the database restarts while a batch is sending: the email has
    left, and the next query on the old connection fails.
    """

    # How many sends are followed by a lost connection; tests set it.
    drops_left = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if DatabaseLostAfterSendBackend.drops_left > 0:
            DatabaseLostAfterSendBackend.drops_left -= 1
            terminate_backend_of(connection)
        return sent


def terminate_backend_of(django_connection):
    """Have PostgreSQL end this Django connection's session, from another session."""
    import psycopg

    pid = django_connection.connection.info.backend_pid
    params = django_connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
