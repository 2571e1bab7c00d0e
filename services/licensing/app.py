"""licensing service (中介机构许可): its chassis is in place; its features arrive in later issues."""
from services.common.app_factory import create_service_app


def create_app():
    return create_service_app("licensing", "内乡县劳务输出平台 · 中介机构许可")
