"""A filed posting's QR code leads a worker to the regulator: an agency's posting to the public
check of that agency's license, an employer's to its own filed page."""
from services.common.ui.qr import qr_svg
from services.jobs.ui.public_pages import qr_target


def test_an_agency_posting_links_to_the_license_check(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lw.example.gov.cn/")
    url = qr_target("p1", {"agency": {"license_number": "豫宛内职介〔2026〕0001号", "licensed": True}})
    assert url.startswith("https://lw.example.gov.cn/ui/licensing/verify?q=")
    assert "%E8%B1%AB" in url  # the license number, URL-encoded


def test_an_employer_posting_links_to_its_filed_page(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lw.example.gov.cn")
    assert qr_target("p 2", {"agency": None}) == "https://lw.example.gov.cn/ui/jobs/postings/p%202/public"


def test_the_code_is_an_svg_titled_with_the_filing_number():
    svg = qr_svg("https://lw.example.gov.cn/x", "招聘信息备案号 内劳招备〔2026〕00001号")
    assert svg.startswith(b"<?xml") or b"<svg" in svg[:200]
    assert "内劳招备〔2026〕00001号".encode() in svg
