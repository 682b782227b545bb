"""Date input formats for this language: ISO first (what a date input renders), then what people type."""
from chengwu_cppcc.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401
