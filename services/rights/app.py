"""rights service (维权中心): its chassis is in place; its features arrive in later issues."""
from services.common.app_factory import create_service_app


def create_app():
    return create_service_app("rights", "内乡县劳务输出平台 · 维权中心")
