"""Pages of the long lists (companies, projects) at any depth for the price of the first.

A list of 200,000 companies is never counted in full, and its pages are not
reached by skipping rows. The "next" link carries the sort values of the
page's last row (``?page=3&after=<token>``), the "previous" link those of its
first row (``before=<token>``); the token is signed JSON, so a link that was
not made here is ignored. The next page is then the rows that sort after
those values (keyset pagination, or the seek method): an index range that
starts where the previous page ended, however deep. A page number alone (a
typed or bookmarked URL) still works, through OFFSET, which costs more the
deeper the page.

The seek condition is built from the queryset's own ``order_by``, so it follows
every sort a list offers, as long as the last sort key is the primary key and
each nullable key says where its NULLs go (``F(...).asc(nulls_last=True)``),
since databases disagree on that by default. Otherwise the page falls back to
OFFSET.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OrderBy, Q

PER_PAGE = 50
# Past this many matches a list says "more than 1 000" instead of counting
# them: counting 10,000 of 200,000 companies costs more than their page.
COUNT_CAP = 1_000
# A filtered list with at most this many matches sorts only them (their ids
# read from the filter's own index); a denser match set is met soon enough
# along the sort index.
SORT_MATCHES_UP_TO = 5_000
# Far beyond any real list; keeps OFFSET within what every database accepts.
MAX_PAGE = 1_000_000
CURSOR_PARAMS = ("page", "after", "before")
CURSOR_SALT = "prospects.pagination.cursor"
# Columns whose values go through JSON and back exactly.
SEEKABLE_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "BooleanField",
}


@dataclass(frozen=True)
class SortKey:
    path: str
    descending: bool
    # Where NULLs sort; None for a key that cannot be NULL.
    nulls_last: bool | None

    def reversed(self):
        nulls_last = None if self.nulls_last is None else not self.nulls_last
        return SortKey(self.path, not self.descending, nulls_last)

    def expression(self):
        field = F(self.path)
        nulls = {} if self.nulls_last is None else {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        return field.desc(**nulls) if self.descending else field.asc(**nulls)


def _path_field(model, path):
    """The column a sort path ends on, or None for anything else (a relation, a transform, a reverse relation)."""
    names = path.split("__")
    nullable = False
    for index, name in enumerate(names):
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None, None
        if not field.concrete:
            return None, None
        nullable = nullable or field.null
        last = index == len(names) - 1
        if field.is_relation:
            if last:
                # order_by("owner") sorts by the related model's own ordering, not by owner_id.
                return None, None
            model = field.related_model
        elif not last:
            return None, None  # a transform such as name__lower
    return field, nullable


def sort_keys(queryset):
    """The queryset's ordering as SortKeys, or None when it cannot be sought through.

    Seeking needs a total order ending on the primary key, and fields (no
    expressions other than plain F) whose NULL placement is known.
    """
    query = queryset.query
    if not query.standard_ordering:
        return None  # .reverse(): the SQL sorts the other way round
    ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    model = query.model
    keys = []
    for item in ordering:
        if isinstance(item, str):
            descending, path = item.startswith("-"), item.lstrip("-")
            nulls_last = None
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            descending, path = item.descending, item.expression.name
            nulls_last = True if item.nulls_last else (False if item.nulls_first else None)
        else:
            return None
        field, nullable = _path_field(model, path)
        if field is None or field.get_internal_type() not in SEEKABLE_TYPES or (nullable and nulls_last is None):
            return None
        keys.append(SortKey(path, descending, nulls_last if nullable else None))
    if not keys or keys[-1].path not in ("pk", model._meta.pk.name):
        return None
    return keys


_NOTHING = Q(pk__in=[])


def _equal(key, value):
    return Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})


def _strictly_after(key, value):
    if value is None:
        # Among NULLs nothing is further on; when NULLs come first, every value is.
        return _NOTHING if key.nulls_last else Q(**{f"{key.path}__isnull": False})
    condition = Q(**{f"{key.path}__{'lt' if key.descending else 'gt'}": value})
    return condition | Q(**{f"{key.path}__isnull": True}) if key.nulls_last else condition


def _at_or_after(key, value):
    """A looser bound on the first key alone: what lets an index range start at the anchor."""
    if value is None:
        return _equal(key, value) if key.nulls_last else Q()
    condition = Q(**{f"{key.path}__{'lte' if key.descending else 'gte'}": value})
    return condition | Q(**{f"{key.path}__isnull": True}) if key.nulls_last else condition


def seek_condition(keys, values):
    """Rows that sort strictly after the row whose sort values are ``values``."""
    condition = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        strictly = _strictly_after(key, value)
        condition = strictly if condition is None else strictly | (_equal(key, value) & condition)
    return _at_or_after(keys[0], values[0]) & condition


def _positive_int(text):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # every microsecond: the seek compares exactly
    if isinstance(value, Decimal):
        return str(value)
    return value


class ListPage:
    """One page of a list; from its neighbour's link, the rows that sort after (or before) that page.

    The links carry the sort values of the row they start from, signed, so
    seeking needs no other query. One extra row says whether another page
    exists; the total is counted up to COUNT_CAP only.
    """

    def __init__(self, queryset, params, per_page=PER_PAGE):
        self.per_page = per_page
        self.number = min(_positive_int(params.get("page")) or 1, MAX_PAGE)
        self._params = params.copy()
        for name in CURSOR_PARAMS:
            self._params.pop(name, None)
        self._model = queryset.model
        # The matches' ids first, up to SORT_MATCHES_UP_TO: they give the count, and when
        # they are all there the page sorts only them. Otherwise PostgreSQL may
        # walk the sort index and discard every row until the matches start
        # (a search at 1,000,000 companies: 100,000 rows read for 50).
        match_ids = list(queryset.order_by().values_list("pk", flat=True)[: SORT_MATCHES_UP_TO + 1])
        self.total = min(len(match_ids), COUNT_CAP + 1)
        self.total_capped = self.total > COUNT_CAP
        if queryset.query.where and len(match_ids) <= SORT_MATCHES_UP_TO:
            queryset = queryset.filter(pk__in=match_ids)
        self.keys = sort_keys(queryset) if not queryset.query.distinct else None
        rows = self._seek(queryset, params) if self.keys else None
        self.sought = rows is not None
        if rows is None:
            rows = self._skip(queryset)
            self.has_previous = self.number > 1
            self.has_next = len(rows) > per_page
            rows = rows[:per_page]
        self.object_list = rows
        self.count_cap = COUNT_CAP
        self.num_pages = None if self.total_capped else max(1, -(-self.total // per_page))
        offset = (self.number - 1) * per_page
        self.start_index = offset + 1 if self.object_list else 0
        self.end_index = offset + len(self.object_list)

    def _with_keys(self, queryset):
        """The rows with their sort values, which the links to the neighbouring pages carry."""
        if not self.keys:
            return queryset
        return queryset.annotate(**{f"seek_key_{index}": F(key.path) for index, key in enumerate(self.keys)})

    def _skip(self, queryset):
        offset = (self.number - 1) * self.per_page
        if offset == 0 or queryset.query.distinct:
            return list(self._with_keys(queryset)[offset : offset + self.per_page + 1])
        # Deferred join: the page's ids first, from the sort index alone, then
        # only those rows with their joins.
        page_ids = queryset.values("pk")[offset : offset + self.per_page + 1]
        return list(self._with_keys(queryset).filter(pk__in=page_ids))

    def _cursor_values(self, token):
        """The sort values a link carries, or None when it carries none that fit this list."""
        try:
            values = self._signer().unsign_object(token)
        except (signing.BadSignature, ValueError):
            return None
        if not isinstance(values, list) or len(values) != len(self.keys):
            return None
        if not all(value is None or isinstance(value, str | int | float) for value in values):
            return None
        model = self._model
        try:
            return [
                None if value is None else _path_field(model, key.path)[0].to_python(value)
                for key, value in zip(self.keys, values, strict=True)
            ]
        except (ValidationError, TypeError, ValueError):
            return None

    def _seek(self, queryset, params):
        token = params.get("after") or params.get("before")
        values = self._cursor_values(token) if token else None
        if values is None or any(
            value is None and key.nulls_last is None for key, value in zip(self.keys, values, strict=True)
        ):
            return None
        queryset = self._with_keys(queryset)
        if params.get("after"):
            rows = list(queryset.filter(seek_condition(self.keys, values))[: self.per_page + 1])
            self.has_previous, self.has_next = True, len(rows) > self.per_page
            return rows[: self.per_page]
        backwards = [key.reversed() for key in self.keys]
        rows = list(
            queryset.filter(seek_condition(backwards, values)).order_by(*(key.expression() for key in backwards))[
                : self.per_page + 1
            ]
        )
        self.has_previous, self.has_next = len(rows) > self.per_page, True
        if not self.has_previous:
            self.number = 1
        return rows[: self.per_page][::-1]

    def _cursor(self, row):
        values = [_jsonable(getattr(row, f"seek_key_{index}")) for index in range(len(self.keys))]
        # No timestamp in it: the same page always has the same address.
        return self._signer().sign_object(values, compress=True)

    def _signer(self):
        # A token holds the values of one list's sort: another list's, or
        # another sort's, does not verify and is ignored.
        order = ",".join(f"{'-' if key.descending else ''}{key.path}:{key.nulls_last}" for key in self.keys)
        return signing.Signer(salt=f"{CURSOR_SALT}:{self._model._meta.label}:{order}")

    def __iter__(self):
        return iter(self.object_list)

    def _url(self, **cursor):
        params = self._params.copy()
        for name, value in cursor.items():
            params[name] = value
        return "?" + params.urlencode()

    @property
    def next_url(self):
        if not self.has_next:
            return None
        if self.keys and self.object_list:
            return self._url(page=self.number + 1, after=self._cursor(self.object_list[-1]))
        return self._url(page=self.number + 1)

    @property
    def previous_url(self):
        if not self.has_previous:
            return None
        if self.number <= 2:
            return self._url()
        if self.keys and self.object_list:
            return self._url(page=self.number - 1, before=self._cursor(self.object_list[0]))
        return self._url(page=self.number - 1)
