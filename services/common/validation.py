"""Request bodies are checked against a JSON Schema before any handler touches them.
Errors name the field (English snake_case) and say why in Chinese."""
import json
import unicodedata
import weakref
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, validators

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


def _strict_integer(_checker, value) -> bool:
    # JSON Schema counts 2.0 as an integer; our handlers would then index or slice with a
    # float and fail with a 500. An integer field takes only a JSON integer.
    return isinstance(value, int) and not isinstance(value, bool)


_StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer))


class BodySchema:
    # every body schema made, so one unit test checks them all against the metaschema
    # (tests/unit/test_body_schemas.py) instead of every process start paying ~5 ms a schema
    made: "weakref.WeakSet[BodySchema]" = weakref.WeakSet()

    def __init__(self, schema: dict):
        self.schema = schema
        self.validator = _StrictValidator(schema)
        BodySchema.made.add(self)

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
    out = []
    for c in raw:
        digit = unicodedata.decimal(c, None)
        if digit is not None:
            out.append(str(digit))  # a decimal digit in any script is that digit
        elif c.isnumeric():
            out.append(c)  # "²", "①", "五": NFKC would make some of them digits; refuse all
        else:
            out.append(unicodedata.normalize("NFKC", c))
    return "".join(out).strip()


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


# No form of ours nests deeper than a few levels; a deeper body is refused before the schema
# checks and the operator-key walk, which recurse and would hit Python's recursion limit.
MAX_JSON_DEPTH = 32


def json_problem(value: Any, limit: int = MAX_JSON_DEPTH) -> str | None:
    """Why a parsed body cannot be handled at all, or None. Iterative, so that a deep body
    cannot exhaust the stack here either."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            # "\ud800" is valid JSON but no valid text: MongoDB's UTF-8 encoder would fail on it
            if not _encodable(item):
                return "含有无效的 Unicode 字符"
        elif isinstance(item, (dict, list)):
            if depth > limit:
                return f"嵌套超过 {limit} 层"
            if isinstance(item, dict):
                stack.extend((k, depth) for k in item)
                stack.extend((c, depth + 1) for c in item.values())
            else:
                stack.extend((c, depth + 1) for c in item)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def json_body() -> Any:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "请求体须为 JSON(Content-Type: application/json)")
    try:
        # parsed here, not with get_json(silent=True): that lets RecursionError (JSON nested
        # thousands deep) escape as a 500
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", "请求体不是合法的 JSON", {"body": "无法解析"}) from None
    problem = json_problem(body)
    if problem:
        raise ApiError(400, "invalid_json", "请求体无法处理:" + problem, {"body": problem})
    if body is None:
        raise ApiError(400, "invalid_json", "请求体不是合法的 JSON", {"body": "不能为空值"})
    return body
