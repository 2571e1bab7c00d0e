"""Issue 6 item 9: the gateway forwards only paths that stay under the service's prefix."""
import pytest

from gateway.paths import safe_upstream_path
from services.common.errors import ApiError


@pytest.mark.parametrize("path", [
    "../../readyz", "persons/../../readyz", "..", ".", "./persons", "a/./b",
    "..\\..\\readyz", "persons\\..", "%2e%2e/readyz", "..%2Freadyz", "a//b", "/readyz",
    "persons/\x00", "persons/\n",
])
def test_climbing_or_ambiguous_paths_are_400(path):
    with pytest.raises(ApiError) as e:
        safe_upstream_path(path)
    assert e.value.status == 400 and "path" in e.value.fields


@pytest.mark.parametrize("path, forwarded", [
    ("", ""), ("persons", "persons"), ("persons/", "persons/"), ("persons/abc-123", "persons/abc-123"),
    ("persons/a?b", "persons/a%3Fb"), ("persons/a#b", "persons/a%23b"), ("regions/城关", "regions/%E5%9F%8E%E5%85%B3"),
    ("a..b/c.d", "a..b/c.d"),
])
def test_ordinary_paths_are_forwarded_re_encoded(path, forwarded):
    assert safe_upstream_path(path) == forwarded
