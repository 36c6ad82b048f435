"""API Gateway: the parts of an OpenAPI definition moto's import skips, tags on REST APIs, and
the account settings' reset.

`aws_api_gateway_rest_api` with `body` sends the OpenAPI document with PutRestApi. moto imports
its paths, methods, method responses and x-amazon-apigateway-integration, but not the request
validators, models, method authorization, request parameters or request models, so the stored
API had none of them. They are imported here as AWS imports them.
@see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
"""

import json
from urllib.parse import unquote

import moto.apigateway.urls as apigateway_urls
from moto.apigateway.models import Account, APIGatewayBackend
from moto.apigateway.responses import APIGatewayResponse

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
ANY_METHOD = "x-amazon-apigateway-any-method"
PARAMETER_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
SCHEMA_REF = "#/components/schemas/"


def import_openapi_extensions() -> None:
    """API Gateway ImportRestApi / PutRestApi: request validators, models, method authorization,
    request parameters and request models of an OpenAPI 3 document.

    - `x-amazon-apigateway-request-validators` become request validators; the document's or an
      operation's `x-amazon-apigateway-request-validator` is the method's validator;
    - `components.schemas` become models (application/json), their `$ref`s rewritten to model
      URLs as AWS does;
    - `security` naming a scheme with `x-amazon-apigateway-authtype: awsSigv4` makes the method
      AWS_IAM (else NONE); an `apiKey` scheme named x-api-key makes it require an API key;
    - `parameters` become method request parameters, `requestBody` `$ref`s request models.
    Also: path-level keys that are not methods (`parameters`, `summary`) are no longer imported as
    methods, and x-amazon-apigateway-any-method is the ANY method. Mode "overwrite" replaces the
    API's validators and models too. Not imported: authorizers, gateway responses, inline schemas.
    """
    original = APIGatewayBackend.put_rest_api

    def put_rest_api(self, function_id, api_doc, fail_on_warnings, mode="merge"):
        api = self.get_rest_api(function_id)
        if mode == "overwrite":
            api.models, api.request_validators = {}, {}
        result = original(self, function_id, _methods_only(api_doc), fail_on_warnings, mode)
        _import_extensions(api, api_doc)
        return result

    APIGatewayBackend.put_rest_api = put_rest_api


def _methods_only(document: dict) -> dict:
    paths = {
        path: {("any" if verb == ANY_METHOD else verb): operation for verb, operation in item.items() if verb in HTTP_METHODS or verb == ANY_METHOD}
        for path, item in document.get("paths", {}).items()
    }
    return {**document, "paths": paths}


def _import_extensions(api, document: dict) -> None:
    validators = {
        name: api.create_request_validator(
            name=name,
            validateRequestBody=bool(spec.get("validateRequestBody", False)),
            validateRequestParameters=bool(spec.get("validateRequestParameters", False)),
        ).id
        for name, spec in document.get("x-amazon-apigateway-request-validators", {}).items()
    }
    components = document.get("components", {})
    for name, schema in components.get("schemas", {}).items():
        api.add_model(name=name, description=schema.get("description"), schema=json.dumps(_model_urls(schema, api.id)), content_type="application/json")
    defaults = {"validator": document.get("x-amazon-apigateway-request-validator"), "security": document.get("security")}
    for path, item in document.get("paths", {}).items():
        resource = api.get_resource_for_path(path)
        for verb, operation in item.items():
            if verb in HTTP_METHODS or verb == ANY_METHOD:
                method = resource.resource_methods["ANY" if verb == ANY_METHOD else verb.upper()]
                _describe_method(method, operation, item.get("parameters", []), components, validators, defaults)


def _describe_method(method, operation: dict, shared_parameters: list, components: dict, validators: dict, defaults: dict) -> None:
    authorization, api_key_required = _authorization(operation.get("security", defaults["security"]), components.get("securitySchemes", {}))
    method.authorization_type = authorization
    method.api_key_required = api_key_required
    method.operation_name = operation.get("operationId")
    parameters = {
        f"method.request.{PARAMETER_LOCATIONS[p['in']]}.{p['name']}": bool(p.get("required", False))
        for p in (_resolve(p, components) for p in [*shared_parameters, *operation.get("parameters", [])])
        if p.get("in") in PARAMETER_LOCATIONS
    }
    method.request_parameters = parameters or None
    models = {
        content_type: media["schema"]["$ref"][len(SCHEMA_REF):]
        for content_type, media in operation.get("requestBody", {}).get("content", {}).items()
        if str(media.get("schema", {}).get("$ref", "")).startswith(SCHEMA_REF)
    }
    method.request_models = models or None
    method.request_validator_id = validators.get(operation.get("x-amazon-apigateway-request-validator", defaults["validator"]))


def _authorization(security, schemes: dict) -> tuple:
    for requirement in security or []:
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("x-amazon-apigateway-authtype") == "awsSigv4":
                return "AWS_IAM", False
            if scheme.get("type") == "apiKey" and scheme.get("name", "").lower() == "x-api-key":
                return "NONE", True
    return "NONE", False


def _resolve(parameter: dict, components: dict) -> dict:
    ref = parameter.get("$ref", "")
    prefix = "#/components/parameters/"
    return components.get("parameters", {}).get(ref[len(prefix):], {}) if ref.startswith(prefix) else parameter


def _model_urls(schema, api_id: str):
    """`#/components/schemas/X` -> the model's URL, which is how AWS stores references."""
    if isinstance(schema, dict):
        return {
            key: (f"https://apigateway.amazonaws.com/restapis/{api_id}/models/{value[len(SCHEMA_REF):]}" if key == "$ref" and str(value).startswith(SCHEMA_REF) else _model_urls(value, api_id))
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_model_urls(value, api_id) for value in schema]
    return schema


def tag_rest_apis() -> None:
    """API Gateway TagResource / UntagResource / GetTags on a REST API's ARN.

    moto tags stages only; a tag change on `aws_api_gateway_rest_api` (a new default tag) got a
    404 page. They act on the tags moto keeps for the API (the ones GetRestApi returns); stage
    ARNs keep moto's own handling.
    """
    apigateway_urls.url_paths["{0}/tags/arn:(?P<partition>[^/]+):apigateway:(?P<region_name>[^/]+)::/restapis/(?P<function_id>[^/]+)$"] = APIGatewayResponse.dispatch
    original_tag, original_untag = APIGatewayResponse.tag_resource, APIGatewayResponse.untag_resource

    def tag_resource(self):
        api = _tagged_rest_api(self)
        if api is None:
            return original_tag(self)
        tags = self._get_param("tags") or {}
        api.tags = {**(api.tags or {}), **tags}
        return json.dumps({"item": tags})

    def untag_resource(self):
        api = _tagged_rest_api(self)
        if api is None:
            return original_untag(self)
        removed = set(self.querystring.get("tagKeys") or [])
        api.tags = {key: value for key, value in (api.tags or {}).items() if key not in removed}
        return json.dumps({"item": ""})

    def get_tags(self):
        api = _tagged_rest_api(self)
        if api is not None:
            return json.dumps({"tags": api.tags or {}})
        parts = _tagged_arn(self).split("/")
        return json.dumps({"tags": self.backend.get_stage(parts[-3], parts[-1]).tags or {}})

    APIGatewayResponse.tag_resource = tag_resource
    APIGatewayResponse.untag_resource = untag_resource
    APIGatewayResponse.get_tags = get_tags


def _tagged_arn(response) -> str:
    return unquote(response.path.split("/tags/", 1)[1])


def _tagged_rest_api(response):
    """The REST API a tagging request names, or None when it names something else (a stage)."""
    parts = _tagged_arn(response).split("/")
    if len(parts) == 3 and parts[1] == "restapis":
        return response.backend.get_rest_api(parts[2])
    return None


def reset_account_logging_role() -> None:
    """API Gateway UpdateAccount: a patch that clears cloudwatchRoleArn.

    `aws_api_gateway_account` with reset_on_delete sends `replace /cloudwatchRoleArn` without a
    value on destroy; moto failed on the missing value (500), so destroy never finished. The role
    is cleared, as AWS does; every other patch keeps moto's handling.
    """
    original = Account.apply_patch_operations

    def apply_patch_operations(self, patch_operations):
        clears = [op for op in patch_operations if op.get("path") == "/cloudwatchRoleArn" and op.get("value") in (None, "")]
        if clears:
            self.cloudwatch_role_arn = None
        return original(self, [op for op in patch_operations if op not in clears])

    Account.apply_patch_operations = apply_patch_operations
