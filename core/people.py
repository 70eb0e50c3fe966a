"""How a person (a Django user) is named on pages, lists and files."""


def person_name(user):
    """``Camille Martin``, or the username of an account without a name; ``""`` for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
