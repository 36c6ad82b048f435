"""Cognito identity: the identity pool's roles and tags (missing in moto 5.2.1).

Stored on moto's identity pool, so they go with it when it is deleted.
@see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html
"""

import json

from moto.cognitoidentity.exceptions import ResourceNotFoundError
from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.core.exceptions import JsonRESTError

ROLE_KEYS = ("authenticated", "unauthenticated")


class InvalidParameterException(JsonRESTError):
    def __init__(self, message: str):
        super().__init__("InvalidParameterException", message)


def add_identity_pool_roles() -> None:
    """Cognito identity SetIdentityPoolRoles / GetIdentityPoolRoles.

    `aws_cognito_identity_pool_roles_attachment` sets and reads them; moto answered 500. Roles and
    role mappings are stored as sent and read back as stored; an unknown pool is
    ResourceNotFoundException, a role key other than authenticated/unauthenticated is
    InvalidParameterException, as on AWS.
    """

    def set_identity_pool_roles(self):
        pool = _pool(self, self._get_param("IdentityPoolId"))
        roles = self._get_param("Roles") or {}
        unknown = sorted(set(roles) - set(ROLE_KEYS))
        if unknown:
            raise InvalidParameterException(f"Roles: got keys {unknown}; allowed: {', '.join(ROLE_KEYS)}")
        pool.roles = roles
        pool.role_mappings = self._get_param("RoleMappings") or {}
        return ""

    def get_identity_pool_roles(self):
        pool = _pool(self, self._get_param("IdentityPoolId"))
        answer = {"IdentityPoolId": pool.identity_pool_id, "Roles": getattr(pool, "roles", {})}
        if getattr(pool, "role_mappings", None):
            answer["RoleMappings"] = pool.role_mappings
        return json.dumps(answer)

    CognitoIdentityResponse.set_identity_pool_roles = set_identity_pool_roles
    CognitoIdentityResponse.get_identity_pool_roles = get_identity_pool_roles


def add_identity_pool_tagging() -> None:
    """Cognito identity TagResource / UntagResource / ListTagsForResource on identity pools.

    The provider changes an identity pool's tags (e.g. a new default tag) with TagResource and
    UntagResource; moto answered 500. They act on the tags moto already keeps for the pool (the
    ones DescribeIdentityPool returns).
    """

    def tag_resource(self):
        pool = _pool(self, _pool_id(self._get_param("ResourceArn")))
        pool.tags = {**(pool.tags or {}), **(self._get_param("Tags") or {})}
        return "{}"

    def untag_resource(self):
        pool = _pool(self, _pool_id(self._get_param("ResourceArn")))
        removed = set(self._get_param("TagKeys") or [])
        pool.tags = {key: value for key, value in (pool.tags or {}).items() if key not in removed}
        return "{}"

    def list_tags_for_resource(self):
        return json.dumps({"Tags": _pool(self, _pool_id(self._get_param("ResourceArn"))).tags or {}})

    CognitoIdentityResponse.tag_resource = tag_resource
    CognitoIdentityResponse.untag_resource = untag_resource
    CognitoIdentityResponse.list_tags_for_resource = list_tags_for_resource


def _pool(response, pool_id):
    pool = response.backend.identity_pools.get(pool_id)
    if pool is None:
        raise ResourceNotFoundError(pool_id)
    return pool


def _pool_id(arn) -> str:
    """arn:aws:cognito-identity:<region>:<account>:identitypool/<region>:<uuid>"""
    return str(arn).split(":identitypool/", 1)[-1]
