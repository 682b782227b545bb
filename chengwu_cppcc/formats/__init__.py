"""The project's own date input formats, read before Django's locale formats (FORMAT_MODULE_PATH).

A date input's value must be ISO (YYYY-MM-DD): `<input type=date>` shows nothing for any other text. Django's
zh_Hans formats put "%Y/%m/%d" first, which is what every DateInput without its own format rendered, and their
"%Y年%n月%j日" is no strptime pattern at all (%n is whitespace, %j the day of the year), so 2026年12月1日 typed by
hand was refused. The first format is the one a DateInput renders; the others are accepted when typed.
"""
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-01: what <input type=date> sends and shows
    "%Y/%m/%d",  # 2026/12/01
    "%Y年%m月%d日",  # 2026年12月1日 (%m and %d accept one digit)
    "%Y.%m.%d",  # 2026.12.01
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # <input type=datetime-local>
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
]
