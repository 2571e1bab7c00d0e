"""Waiting for what happens asynchronously (events, processes) without fixed sleeps."""
import time


def eventually(check, timeout: float = 15, interval: float = 0.1) -> bool:
    """Poll check() until it is true or the time is up; its last answer."""
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(interval)
    return bool(check())
