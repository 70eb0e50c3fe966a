"""French dates: « 11/06/2012 » in tables, « lun. 11 juin 2012 » where the weekday helps."""

DATE_FORMAT = "j F Y"  # 11 juin 2012
DATETIME_FORMAT = "j F Y, H:i"  # 11 juin 2012, 14:30
SHORT_DATE_FORMAT = "d/m/Y"  # 11/06/2012
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 11/06/2012 14:30
MONTH_DAY_FORMAT = "j F"  # 11 juin
YEAR_MONTH_FORMAT = "F Y"  # juin 2012
TIME_FORMAT = "H:i"

# Django's D is « lun » with no full stop; N is « juin », « juil. », « sept. ».
WEEKDAY_DATE_FORMAT = "D. j N Y"  # lun. 11 juin 2012
LONG_WEEKDAY_DATE_FORMAT = "l j F Y"  # lundi 11 juin 2012
WEEKDAY_DAY_MONTH_FORMAT = "D. j N"  # lun. 11 juin
SHORT_MONTH_DAY_FORMAT = "d/m"  # 11/06, the first day of a range ending in SHORT_DATE_FORMAT

# Amounts in euros ({{ value|money }}, core/templatetags/money.py): « 1 500 € ».
MONEY_FORMAT = "{amount}\u00a0€"
