"""The launcher's extensions to moto, one AWS API family per module. Each function names the
AWS API or behaviour it implements and says why moto needed it."""

from . import apigateway, appsync, awslambda, cognito_identity, comprehend, dynamodb, events, kms, lambda_runtime, s3, sns, stepfunctions


def install(endpoint: str, ca_bundle: str) -> None:
    """Patches moto before the server answers its first request."""
    s3.honour_secure_transport_condition()
    stepfunctions.answer_validate_state_machine_definition()
    stepfunctions.answer_list_state_machine_versions()
    stepfunctions.allow_more_than_one_execution()
    stepfunctions.route_workflow_calls_to_this_server(endpoint, ca_bundle)
    stepfunctions.name_comprehend_errors_as_aws_does()
    stepfunctions.keep_task_failure_cause()
    stepfunctions.write_entered_time_as_aws_does()
    stepfunctions.name_unnamed_executions()
    comprehend.answer_detect_sentiment_from_text()
    dynamodb.make_item_writes_atomic()
    events.answer_test_event_pattern()
    events.deliver_rule_targets_moto_cannot()
    events.replay_archived_window()
    awslambda.keep_lambda_logging_config()
    awslambda.keep_one_event_invoke_config()
    lambda_runtime.run_deployed_functions_in_node(endpoint, ca_bundle)
    appsync.give_graphql_apis_aws_ids_and_uris()
    appsync.add_data_sources_resolvers_and_functions()
    appsync.keep_graphql_api_fields()
    cognito_identity.add_identity_pool_roles()
    cognito_identity.add_identity_pool_tagging()
    kms.keep_key_rotation_period()
    sns.keep_topic_attributes()
    sns.apply_filter_policy_scope_changes()
    sns.deliver_http_as_aws_does()
    apigateway.import_openapi_extensions()
    apigateway.tag_rest_apis()
    apigateway.reset_account_logging_role()
