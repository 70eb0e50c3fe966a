"""English dates, written the British way and never as numbers: « 11 Jun 2012 », « Mon 11 June 2012 »."""

DATE_FORMAT = "j F Y"  # 11 June 2012
DATETIME_FORMAT = "j F Y, H:i"  # 11 June 2012, 14:30
SHORT_DATE_FORMAT = "j M Y"  # 11 Jun 2012
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 11 Jun 2012, 14:30
MONTH_DAY_FORMAT = "j F"  # 11 June
YEAR_MONTH_FORMAT = "F Y"  # June 2012
TIME_FORMAT = "H:i"

WEEKDAY_DATE_FORMAT = "D j F Y"  # Mon 11 June 2012
LONG_WEEKDAY_DATE_FORMAT = "l j F Y"  # Monday 11 June 2012
WEEKDAY_DAY_MONTH_FORMAT = "D j M"  # Mon 11 Jun
SHORT_MONTH_DAY_FORMAT = "j M"  # 11 Jun

# Amounts in euros ({{ value|money }}, core/templatetags/money.py): « €1,500 ».
MONEY_FORMAT = "€{amount}"
