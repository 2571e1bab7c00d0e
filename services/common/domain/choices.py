"""Coded values with their Chinese labels, kept together: the API speaks codes, the pages and
error messages show labels, and both come from one table."""
from typing import Iterable


class Choices:
    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self._labels = dict(pairs)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def label(self, code: str | None) -> str:
        if code is None:
            return ""
        return self._labels.get(code, code)

    def code_for(self, text: str) -> str | None:
        """A code from either its code or its Chinese label (imports, forms)."""
        text = (text or "").strip()
        if text in self._labels:
            return text
        for code, label in self._labels.items():
            if label == text:
                return code
        return None

    def items(self):
        return self._labels.items()

    def __contains__(self, code) -> bool:
        return code in self._labels

    def __iter__(self):
        return iter(self._labels)

    def schema(self) -> dict:
        """A JSON Schema enum whose error message lists the Chinese labels."""
        return {"enum": list(self._labels), "x-labels": dict(self._labels)}

    def as_dict(self) -> dict:
        return dict(self._labels)
