"""Lambda: the function configuration moto drops."""

from moto.awslambda.models import LambdaFunction


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
