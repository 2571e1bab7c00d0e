"""QR codes for public filings (an ad's, a posting's): an SVG made on the server (segno), linking
to a public page at the platform's public address, so a worker who meets a poster or a phone
message can check it with the regulator in one scan."""
import io

import segno

from ..config import env


def public_url(path: str) -> str:
    """The platform's public address (PUBLIC_BASE_URL) followed by `path` (starting with /)."""
    return env("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def qr_svg(url: str, title: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, title=title)
    return out.getvalue()
