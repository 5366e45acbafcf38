"""Logging helpers named in settings.LOGGING."""

import logging


class ClientErrorsOneLine(logging.Filter):
    """An ordinary refusal (a 4xx answer: 403, 404) is one line in the log, not a
    traceback: Django passes the exception along with "Forbidden (Permission
    denied): /path", which is expected behaviour, not a fault to debug. 5xx keep
    their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
