"""AppSync: data sources, resolvers and functions (missing in moto 5.2.1), and the GraphqlApi
fields moto drops or does not update.

Stored on moto's GraphqlAPI object, so they go with the API when it is deleted and with moto's
reset. Each is returned as AWS returns it: what was sent, its ARN, and AWS's defaults.
@see https://docs.aws.amazon.com/appsync/latest/APIReference/API_Operations.html
"""

import json
import random
import re
import string
from urllib.parse import unquote

import moto.appsync.urls as appsync_urls
from moto.appsync.exceptions import AppSyncExceptions, BadRequestException, GraphqlAPINotFound
from moto.appsync.models import GraphqlAPI, appsync_backends
from moto.appsync.responses import AppSyncResponse

DATA_SOURCE_TYPES = (
    "AWS_LAMBDA", "AMAZON_DYNAMODB", "AMAZON_ELASTICSEARCH", "NONE", "HTTP", "RELATIONAL_DATABASE",
    "AMAZON_OPENSEARCH_SERVICE", "AMAZON_EVENTBRIDGE", "AMAZON_BEDROCK_RUNTIME",
)
NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")
DATA_SOURCE_FIELDS = (
    "description", "type", "serviceRoleArn", "dynamodbConfig", "lambdaConfig", "elasticsearchConfig", "openSearchServiceConfig",
    "httpConfig", "relationalDatabaseConfig", "eventBridgeConfig", "metricsConfig",
)
RESOLVER_FIELDS = (
    "dataSourceName", "requestMappingTemplate", "responseMappingTemplate", "kind", "pipelineConfig", "syncConfig", "cachingConfig",
    "maxBatchSize", "runtime", "code", "metricsConfig",
)
FUNCTION_FIELDS = (
    "name", "description", "dataSourceName", "requestMappingTemplate", "responseMappingTemplate", "functionVersion", "syncConfig",
    "maxBatchSize", "runtime", "code",
)
# GraphqlApi fields moto ignores, with the value AWS returns when they were not sent.
API_FIELD_DEFAULTS = {
    "apiType": "GRAPHQL",
    "introspectionConfig": "ENABLED",
    "queryDepthLimit": 0,
    "resolverCountLimit": 0,
    "ownerContact": None,
    "mergedApiExecutionRoleArn": None,
    "enhancedMetricsConfig": None,
}


class NotFoundException(AppSyncExceptions):
    code = 404

    def __init__(self, message: str):
        super().__init__("NotFoundException", message)
        self.description = json.dumps({"message": self.message})


def add_data_sources_resolvers_and_functions() -> None:
    """AppSync Create/Get/Update/Delete/List DataSource(s), Resolver(s) and Function(s).

    moto 5.2.1 has no route for them (the provider gets a 404 page). Stored as sent; a missing
    API, data source, resolver or function is NotFoundException (Terraform then forgets it, and
    `import` of a missing one fails), a duplicate is BadRequestException, as on AWS.
    """
    # moto's /types/{typeName} route already covers .../types/{typeName}/resolvers[/{fieldName}];
    # the action is picked from the request by the botocore model.
    appsync_urls.url_paths.update({
        "{0}/v1/apis/(?P<api_id>[^/]+)/datasources$": AppSyncResponse.dispatch,
        "{0}/v1/apis/(?P<api_id>[^/]+)/datasources/(?P<name>[^/]+)$": AppSyncResponse.dispatch,
        "{0}/v1/apis/(?P<api_id>[^/]+)/functions$": AppSyncResponse.dispatch,
        "{0}/v1/apis/(?P<api_id>[^/]+)/functions/(?P<function_id>[^/]+)$": AppSyncResponse.dispatch,
    })
    for handler in (
        create_data_source, get_data_source, update_data_source, delete_data_source, list_data_sources,
        create_resolver, get_resolver, update_resolver, delete_resolver, list_resolvers,
        create_function, get_function, update_function, delete_function, list_functions,
    ):
        setattr(AppSyncResponse, handler.__name__, handler)


def give_graphql_apis_aws_ids_and_uris() -> None:
    """AppSync CreateGraphqlApi / GetGraphqlApi: API ids and endpoint URIs of AWS's form.

    moto's ids are UUIDs, whose dashes break the provider: it names a data source
    `<apiId>-<name>` and splits that at the first dash, so every read of a data source, resolver
    or function asked for the wrong API and found nothing. Ids here are 26 lowercase letters and
    digits. moto's uris are one fake `http://graphql.uri`; AWS answers the GRAPHQL and REALTIME
    endpoints (and their `dns` names) on a host named by the API's endpoint id, which is not its
    API id. A stack that builds the EventBridge target ARN
    (`endpoints/graphql-api/<endpoint id>`) from the GraphQL URL then gets a distinct id, as on
    AWS; rule delivery accepts either id (see appsync_forwarding).
    """
    original_init = GraphqlAPI.__init__
    original_to_json = GraphqlAPI.to_json

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        new_id = _aws_id()
        self.arn = self.arn.replace(self.api_id, new_id)
        self.api_id = new_id
        self.endpoint_id = _aws_id()

    def to_json(self):
        hosts = {"GRAPHQL": f"{self.endpoint_id}.appsync-api.{self.region}.amazonaws.com", "REALTIME": f"{self.endpoint_id}.appsync-realtime-api.{self.region}.amazonaws.com"}
        uris = {"GRAPHQL": f"https://{hosts['GRAPHQL']}/graphql", "REALTIME": f"wss://{hosts['REALTIME']}/graphql"}
        return {**original_to_json(self), "uris": uris, "dns": hosts}

    GraphqlAPI.__init__ = __init__
    GraphqlAPI.to_json = to_json


def api_id_for_endpoint(account: str, region: str, endpoint_id: str):
    """The id of the GraphQL API whose endpoint id this is, or None."""
    apis = appsync_backends[account][region].graphql_apis.values()
    return next((api.api_id for api in apis if getattr(api, "endpoint_id", None) == endpoint_id), None)


def keep_graphql_api_fields() -> None:
    """AppSync CreateGraphqlApi / UpdateGraphqlApi / GetGraphqlApi: every field, updated as sent.

    moto drops apiType, introspectionConfig, queryDepthLimit, resolverCountLimit (the provider
    then plans to replace the API on every plan), and its update only sets fields that are
    truthy, so removing an additional authentication provider or the log config never happened.
    AWS's UpdateGraphqlApi replaces the configuration with the one sent.
    """
    original_to_json = GraphqlAPI.to_json
    original_create = AppSyncResponse.create_graphql_api

    def to_json(self):
        sent = getattr(self, "extra_fields", {})
        extra = {field: default if sent.get(field) is None else sent[field] for field, default in API_FIELD_DEFAULTS.items()}
        return {**original_to_json(self), "owner": self.arn.split(":")[4], **{k: v for k, v in extra.items() if v is not None}}

    def create_graphql_api(self):
        created = json.loads(original_create(self))["graphqlApi"]
        api = self.appsync_backend.get_graphql_api(created["apiId"])
        _keep_fields(api, json.loads(self.body))
        return json.dumps({"graphqlApi": api.to_json()})

    def update_graphql_api(self):
        api = self.appsync_backend.get_graphql_api(_path(self, "apiId"))
        params = json.loads(self.body)
        api.name = params.get("name")
        api.authentication_type = params.get("authenticationType")
        api.log_config = params.get("logConfig")
        api.user_pool_config = params.get("userPoolConfig")
        api.open_id_connect_config = params.get("openIDConnectConfig")
        api.additional_authentication_providers = params.get("additionalAuthenticationProviders")
        api.xray_enabled = params.get("xrayEnabled", False)
        api.lambda_authorizer_config = params.get("lambdaAuthorizerConfig")
        _keep_fields(api, params, updating=True)
        return json.dumps({"graphqlApi": api.to_json()})

    GraphqlAPI.to_json = to_json
    AppSyncResponse.create_graphql_api = create_graphql_api
    AppSyncResponse.update_graphql_api = update_graphql_api


def _keep_fields(api, params: dict, updating: bool = False) -> None:
    """apiType is fixed at creation; an update replaces the other fields with what it sends."""
    api_type = getattr(api, "extra_fields", {}).get("apiType") if updating else params.get("apiType")
    api.extra_fields = {**{field: params.get(field) for field in API_FIELD_DEFAULTS}, "apiType": api_type}


# --- data sources -------------------------------------------------------------------------------


def create_data_source(self):
    api, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), json.loads(self.body)
    name = params.get("name")
    _check_name("name", name)
    _check_data_source_type(params.get("type"))
    sources = _children(api, "data_sources")
    if name in sources:
        raise BadRequestException(f"Data source with name {name} already exists.")
    sources[name] = _data_source(api, name, params)
    return json.dumps({"dataSource": sources[name]})


def get_data_source(self):
    return json.dumps({"dataSource": _existing_data_source(self)})


def update_data_source(self):
    api, name, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), _path(self, "name"), json.loads(self.body)
    _existing_data_source(self)
    _check_data_source_type(params.get("type"))
    _children(api, "data_sources")[name] = _data_source(api, name, params)
    return json.dumps({"dataSource": _children(api, "data_sources")[name]})


def delete_data_source(self):
    _existing_data_source(self)
    del _children(self.appsync_backend.get_graphql_api(_path(self, "apiId")), "data_sources")[_path(self, "name")]
    return "{}"


def list_data_sources(self):
    api = self.appsync_backend.get_graphql_api(_path(self, "apiId"))
    return json.dumps({"dataSources": list(_children(api, "data_sources").values())})


def _data_source(api, name: str, params: dict) -> dict:
    source = {"dataSourceArn": f"{api.arn}/datasources/{name}", "name": name}
    source.update({field: params[field] for field in DATA_SOURCE_FIELDS if params.get(field) is not None})
    return source


def _existing_data_source(response) -> dict:
    api, name = response.appsync_backend.get_graphql_api(_path(response, "apiId")), _path(response, "name")
    source = _children(api, "data_sources").get(name)
    if source is None:
        raise NotFoundException(f"No data source found named {name}.")
    return source


def _check_data_source_type(value) -> None:
    if value not in DATA_SOURCE_TYPES:
        raise BadRequestException(f"type: got {value!r}; allowed: {', '.join(DATA_SOURCE_TYPES)}")


# --- resolvers ----------------------------------------------------------------------------------


def create_resolver(self):
    api, type_name, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), _path(self, "typeName"), json.loads(self.body)
    field_name = params.get("fieldName")
    _check_field(api, type_name, field_name)
    _check_references(api, params)
    resolvers = _children(api, "resolvers")
    if (type_name, field_name) in resolvers:
        raise BadRequestException("Only one resolver is allowed per field.")
    resolvers[(type_name, field_name)] = _resolver(api, type_name, field_name, params)
    return json.dumps({"resolver": resolvers[(type_name, field_name)]})


def get_resolver(self):
    return json.dumps({"resolver": _existing_resolver(self)})


def update_resolver(self):
    api, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), json.loads(self.body)
    type_name, field_name = _path(self, "typeName"), _path(self, "fieldName")
    _existing_resolver(self)
    _check_references(api, params)
    _children(api, "resolvers")[(type_name, field_name)] = _resolver(api, type_name, field_name, params)
    return json.dumps({"resolver": _children(api, "resolvers")[(type_name, field_name)]})


def delete_resolver(self):
    _existing_resolver(self)
    api = self.appsync_backend.get_graphql_api(_path(self, "apiId"))
    del _children(api, "resolvers")[(_path(self, "typeName"), _path(self, "fieldName"))]
    return "{}"


def list_resolvers(self):
    api, type_name = self.appsync_backend.get_graphql_api(_path(self, "apiId")), _path(self, "typeName")
    return json.dumps({"resolvers": [r for (t, _), r in _children(api, "resolvers").items() if t == type_name]})


def _resolver(api, type_name: str, field_name: str, params: dict) -> dict:
    resolver = {"typeName": type_name, "fieldName": field_name, "resolverArn": f"{api.arn}/types/{type_name}/resolvers/{field_name}"}
    resolver.update({field: params[field] for field in RESOLVER_FIELDS if params.get(field) is not None})
    resolver.setdefault("kind", "UNIT")
    resolver.setdefault("maxBatchSize", 0)
    return resolver


def _existing_resolver(response) -> dict:
    api = response.appsync_backend.get_graphql_api(_path(response, "apiId"))
    type_name, field_name = _path(response, "typeName"), _path(response, "fieldName")
    resolver = _children(api, "resolvers").get((type_name, field_name))
    if resolver is None:
        raise NotFoundException(f"No resolver found for {type_name}.{field_name}.")
    return resolver


def _check_field(api, type_name: str, field_name) -> None:
    """With a schema, the type and field must exist in it (moto keeps the schema's object types)."""
    _check_name("fieldName", field_name)
    schema = api.graphql_schema
    if schema is None or schema.status != "SUCCESS":
        return
    node = next((t for t in schema.types if t.name.value == type_name), None)
    if node is None:
        raise NotFoundException(f"Type {type_name} not found.")
    if field_name not in {field.name.value for field in node.fields or []}:
        raise NotFoundException(f"No field named {field_name} found on type {type_name}.")


def _check_references(api, params: dict) -> None:
    kind = params.get("kind", "UNIT")
    if kind not in ("UNIT", "PIPELINE"):
        raise BadRequestException(f"kind: got {kind!r}; allowed: UNIT, PIPELINE")
    source = params.get("dataSourceName")
    if source is not None and source not in _children(api, "data_sources"):
        raise NotFoundException(f"No data source found named {source}.")
    for function_id in (params.get("pipelineConfig") or {}).get("functions", []):
        if function_id not in _children(api, "functions"):
            raise NotFoundException(f"No function found with id {function_id}.")


# --- functions ----------------------------------------------------------------------------------


def create_function(self):
    api, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), json.loads(self.body)
    _check_name("name", params.get("name"))
    _check_function_data_source(api, params)
    function_id = _aws_id()
    _children(api, "functions")[function_id] = _function(api, function_id, params)
    return json.dumps({"functionConfiguration": _children(api, "functions")[function_id]})


def get_function(self):
    return json.dumps({"functionConfiguration": _existing_function(self)})


def update_function(self):
    api, function_id, params = self.appsync_backend.get_graphql_api(_path(self, "apiId")), _path(self, "functionId"), json.loads(self.body)
    _existing_function(self)
    _check_name("name", params.get("name"))
    _check_function_data_source(api, params)
    _children(api, "functions")[function_id] = _function(api, function_id, params)
    return json.dumps({"functionConfiguration": _children(api, "functions")[function_id]})


def delete_function(self):
    _existing_function(self)
    del _children(self.appsync_backend.get_graphql_api(_path(self, "apiId")), "functions")[_path(self, "functionId")]
    return "{}"


def list_functions(self):
    api = self.appsync_backend.get_graphql_api(_path(self, "apiId"))
    return json.dumps({"functions": list(_children(api, "functions").values())})


def _function(api, function_id: str, params: dict) -> dict:
    function = {"functionId": function_id, "functionArn": f"{api.arn}/functions/{function_id}"}
    function.update({field: params[field] for field in FUNCTION_FIELDS if params.get(field) is not None})
    function.setdefault("maxBatchSize", 0)
    return function


def _existing_function(response) -> dict:
    api, function_id = response.appsync_backend.get_graphql_api(_path(response, "apiId")), _path(response, "functionId")
    function = _children(api, "functions").get(function_id)
    if function is None:
        raise NotFoundException(f"No function found with id {function_id}.")
    return function


def _check_function_data_source(api, params: dict) -> None:
    source = params.get("dataSourceName")
    if source not in _children(api, "data_sources"):
        raise NotFoundException(f"No data source found named {source}.")


# --- shared -------------------------------------------------------------------------------------


def _aws_id() -> str:
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=26))


def _path(response, name: str) -> str:
    """A parameter of the request's path, matched by moto against the botocore model's URI."""
    return unquote(response.uri_match.group(name))


def _children(api, kind: str) -> dict:
    if not hasattr(api, kind):
        setattr(api, kind, {})
    return getattr(api, kind)


def _check_name(field: str, value) -> None:
    if not isinstance(value, str) or not NAME.match(value):
        raise BadRequestException(f"{field}: got {value!r}; allowed: a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)")
