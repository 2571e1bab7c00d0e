"""jobs service (招聘与就业): its chassis is in place; its features arrive in later issues."""
from services.common.app_factory import create_service_app


def create_app():
    return create_service_app("jobs", "内乡县劳务输出平台 · 招聘与就业")
