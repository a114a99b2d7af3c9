"""The course's own error, kept apart from ``thaw.data`` so that importing ``thaw`` stays light
(the book build loads ``thaw.book.sphinxext`` and needs neither pandas nor the data)."""


class DataError(ValueError):
    """A data file does not match its schema. The message says where and why."""
