"""
The v3 API as app developers meet it: every field we add has a type in the
OpenAPI document, every error is problem+json with its status documented,
and the document itself validates (so code generators accept it).

Wagtail's v3 API types a model's extra APIFields from a serializer's
``to_representation`` return annotation; ``typed()`` makes such a serializer
for a property whose shape a pydantic schema describes.
"""

from typing import Any
from urllib.parse import urljoin

from ninja import Schema
from pydantic import Field as PydanticField
from rest_framework import serializers

ERROR_STATUSES = {
    "400": "参数有误（例如含有不允许的字符、超出范围的数字或未知的筛选值）",
    "401": "需要登录或令牌无效",
    "403": "没有权限",
    "404": "没有找到",
    "414": "网址太长",
    "422": "请求内容无法处理",
    "429": "请求太频繁",
    "500": "服务器出错",
    "503": "服务暂时不可用（例如数据库维护），请稍后重试",
}


def typed(annotation, transform=None):
    """
    ``APIField(name, serializer=typed(list[Cue]))``: the property ``name`` as is
    (or passed through ``transform``), typed ``annotation`` in the OpenAPI document.
    """

    class TypedField(serializers.Field):
        def __init__(self):
            super().__init__(read_only=True)

        def to_representation(self, value) -> Any:
            return transform(value) if transform else value

    TypedField.to_representation.__annotations__["return"] = annotation
    return TypedField()


PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "null"}]},
    },
    "required": ["title", "status"],
}


def complete_openapi(schema, extra_query_parameters=None):
    """
    What Wagtail's generated document lacks: a valid anonymous security
    requirement (an empty one, not an "http" scheme without a scheme), the
    error responses every operation can give, and our documented filters.
    """
    schemes = schema.get("components", {}).get("securitySchemes", {})
    schemes.pop("AllowAnonymous", None)
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if "security" in operation:
                operation["security"] = [
                    {} if requirement == {"AllowAnonymous": []} else requirement
                    for requirement in operation["security"]
                ]
            responses = operation["responses"]
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description, "content": problem})
            if method == "get":
                responses.setdefault("304", {"description": "没有变化（If-None-Match / If-Modified-Since）"})
            if method == "get" and path.endswith("/find/"):
                # Wagtail's find answers a page it found with a redirect to that page's detail.
                responses.setdefault("302", {"description": "找到了：重定向到这个页面的详情（Location）"})
            for parameter in (extra_query_parameters or {}).get((method, path), []):
                names = {each.get("name") for each in operation.setdefault("parameters", [])}
                if parameter["name"] not in names:
                    operation["parameters"].append(parameter)
    return schema


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    webp_url: str = PydanticField(description="同一尺寸的 WebP 版本，客户端支持时优先使用")


class ImagesOut(Schema):
    card: RenditionOut = PydanticField(description="列表卡片，640×360")
    hero: RenditionOut = PydanticField(description="详情页头图，1280×720")
    alt: str


# The sizes apps and the TV channel show a page's picture at.
IMAGE_SIZES = {"card": "fill-640x360", "hero": "fill-1280x720"}


def images_out(image, root_url):
    """Absolute rendition URLs of ``image`` in the fixed sizes, JPEG/PNG and WebP (or None)."""
    if image is None:
        return None
    specs = [spec for size in IMAGE_SIZES.values() for spec in (size, f"{size}|format-webp")]
    renditions = image.get_renditions(*specs)
    out = {"alt": image.default_alt_text or image.title}
    for name, spec in IMAGE_SIZES.items():
        plain, webp = renditions[spec], renditions[f"{spec}|format-webp"]
        out[name] = {
            "url": urljoin(root_url, plain.url),
            "width": plain.width,
            "height": plain.height,
            "webp_url": urljoin(root_url, webp.url),
        }
    return out
