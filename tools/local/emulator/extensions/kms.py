"""KMS: the key rotation period moto drops."""

import json

from moto.kms.responses import KmsResponse

DEFAULT_ROTATION_PERIOD_DAYS = 365


def keep_key_rotation_period() -> None:
    """KMS EnableKeyRotation / GetKeyRotationStatus: RotationPeriodInDays.

    moto ignores the period, so Terraform reads rotation_period_in_days back as 0 and plans the
    change forever. Stored as sent (AWS's default 365 when not sent) and returned while rotation
    is enabled, with the key's ARN, as AWS answers.
    @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
    """
    original_enable = KmsResponse.enable_key_rotation

    def enable_key_rotation(self):
        answer = original_enable(self)
        key = self.kms_backend.describe_key(self._get_param("KeyId"))
        key.rotation_period_in_days = self._get_param("RotationPeriodInDays") or DEFAULT_ROTATION_PERIOD_DAYS
        return answer

    def get_key_rotation_status(self):
        key_id = self._get_param("KeyId")
        self._validate_cmk_id(key_id)
        key = self.kms_backend.describe_key(key_id)
        answer = {"KeyId": key.arn, "KeyRotationEnabled": key.key_rotation_status}
        if key.key_rotation_status:
            answer["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", DEFAULT_ROTATION_PERIOD_DAYS)
        return json.dumps(answer)

    KmsResponse.enable_key_rotation = enable_key_rotation
    KmsResponse.get_key_rotation_status = get_key_rotation_status
