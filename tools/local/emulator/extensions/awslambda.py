"""Lambda: the function configuration moto drops."""

from urllib.parse import unquote

from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda.responses import LambdaResponse
from moto.core.responses import ActionResult


def keep_lambda_logging_config() -> None:
    """Lambda CreateFunction / UpdateFunctionConfiguration / GetFunction: LoggingConfig.

    moto drops LoggingConfig (log format, log group), so Terraform reads the function back without
    it and plans the same change forever. Stored as sent, returned as stored.
    """
    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def __init__(self, account_id, spec, region, version=1):
        original_init(self, account_id, spec, region, version)
        self.logging_config = spec.get("LoggingConfig")

    def get_configuration(self, *args, **kwargs):
        config = original_get(self, *args, **kwargs)
        if getattr(self, "logging_config", None):
            config["LoggingConfig"] = self.logging_config
        return config

    def update_configuration(self, config_updates):
        if "LoggingConfig" in config_updates:
            self.logging_config = config_updates["LoggingConfig"]
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration


def keep_one_event_invoke_config() -> None:
    """Lambda PutFunctionEventInvokeConfig / UpdateFunctionEventInvokeConfig.

    moto appends every put or update to a list and answers reads from the first entry, so after
    a change Terraform (and the runtime's retries) read the old settings. AWS keeps one config per
    function: a put replaces it, an update changes only the fields it names.
    """
    original_put = LambdaBackend.put_function_event_invoke_config

    def put_function_event_invoke_config(self, function_name, config):
        self.get_function(function_name).event_invoke_config = []
        return original_put(self, function_name, config)

    def update_function_event_invoke_config(self, function_name, config):
        configs = self.get_function(function_name).event_invoke_config
        merged = {**(configs[-1].config if configs else {}), **config}
        return put_function_event_invoke_config(self, function_name, merged)

    def answer_update_as_put(self):
        # moto answers an update as raw JSON (LastModified as text, which the JS SDK refuses); a
        # put's answer is serialized as the API model says.
        function_name = unquote(self.path.rsplit("/", 2)[1])
        return ActionResult(self.backend.update_function_event_invoke_config(function_name, self.json_body))

    LambdaBackend.put_function_event_invoke_config = put_function_event_invoke_config
    LambdaBackend.update_function_event_invoke_config = update_function_event_invoke_config
    LambdaResponse.update_function_event_invoke_config = answer_update_as_put
