"""Request bodies are checked against a JSON Schema before any handler touches them.
Errors name the field (English snake_case) and say why in Chinese."""
import unicodedata
from typing import Any

from flask import request
from jsonschema import Draft202012Validator

from .errors import ApiError

_TYPE_NAMES = {"string": "字符串", "integer": "整数", "number": "数字", "boolean": "布尔值",
               "object": "对象", "array": "数组", "null": "空值"}


def _reject_operator_keys(value: Any, path: str = "") -> None:
    """MongoDB operators or dotted paths in client keys are refused outright, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str) or key.startswith("$") or "." in key or "\x00" in key:
                raise ApiError(400, "invalid_key", "字段名不能以 $ 开头或包含 “.”",
                               {where: "非法字段名"})
            _reject_operator_keys(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _reject_operator_keys(item, f"{path}[{i}]")


def _reason(err) -> tuple[str, str]:
    path = ".".join(str(p) for p in err.absolute_path)
    if err.validator == "required":
        missing = err.message.split("'")[1]
        return (f"{path}.{missing}" if path else missing), "必填字段缺失"
    if err.validator == "additionalProperties":
        extras = [p for p in err.instance if p not in err.schema.get("properties", {})]
        name = extras[0] if extras else "?"
        return (f"{path}.{name}" if path else name), "不允许的字段"
    if err.validator == "type":
        expected = err.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return path or "body", "类型应为" + "或".join(_TYPE_NAMES.get(t, t) for t in expected)
    if err.validator == "enum":
        labels = err.schema.get("x-labels") or {}
        return path, "取值应为:" + "、".join(f"{labels[v]}({v})" if v in labels else str(v)
                                            for v in err.validator_value)
    if err.validator in ("minLength", "maxLength", "pattern", "format"):
        return path, err.schema.get("description_error", "格式不正确")
    if err.validator in ("minimum", "maximum"):
        return path, f"超出允许范围({err.validator}={err.validator_value})"
    if err.validator in ("maxItems", "minItems"):
        return path, f"条目数量不符合要求({err.validator}={err.validator_value})"
    return path or "body", "不符合要求"


class BodySchema:
    def __init__(self, schema: dict):
        Draft202012Validator.check_schema(schema)
        self.validator = Draft202012Validator(schema)

    def errors(self, body: Any) -> dict:
        fields: dict[str, str] = {}
        for err in sorted(self.validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
            name, why = _reason(err)
            fields.setdefault(name, why)
        return fields

    def parse(self, body: Any) -> dict:
        _reject_operator_keys(body)
        fields = self.errors(body)
        if fields:
            raise ApiError(400, "validation_failed", "请求数据不符合要求", fields)
        return body


def ascii_code(raw: str) -> str:
    """A code-like value (digits, ID and credit codes) in ASCII: full-width and other digit
    forms are folded by NFKC; anything still outside ASCII is left for the caller to refuse."""
    return unicodedata.normalize("NFKC", raw).strip()


def _ascii_digits(value: str) -> bool:
    # str.isdigit() accepts "²" and other digits int() cannot read
    return value.isascii() and value.isdigit()


def int_arg(name: str, lo: int, hi: int, default: int | None = None) -> int:
    """An integer query parameter within [lo, hi]; required when it has no default."""
    raw = request.args.get(name)
    if raw is None and default is not None:
        return default
    value = ascii_code(raw) if raw is not None else ""
    if not _ascii_digits(value) or len(value) > 9 or not lo <= int(value) <= hi:
        raise ApiError(400, "validation_failed", "查询参数无效", {name: f"须为 {lo}-{hi} 的整数"})
    return int(value)


def code_arg(name: str, digits: int | None = None, choices=None) -> str | None:
    """An optional code query parameter: `digits` ASCII digits (after NFKC), or one of `choices`."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    value = ascii_code(raw)
    if digits is not None and not (_ascii_digits(value) and len(value) == digits):
        raise ApiError(400, "validation_failed", "查询参数无效", {name: f"须为 {digits} 位数字代码"})
    if choices is not None and value not in choices:
        raise ApiError(400, "validation_failed", "查询参数无效", {name: "不是可选的取值"})
    return value


def json_body() -> Any:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "请求体须为 JSON(Content-Type: application/json)")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "请求体不是合法的 JSON", {"body": "无法解析"})
    return body
