import { z } from "zod";

/** What a principal in config may be: an account or one IAM identity, never a wildcard. */
export const PRINCIPAL_ALLOWED = 'a 12-digit account id or an IAM root/role/user ARN (never "*")';

/** An AWS principal that may be granted something (put events, assume a caller role). */
export const principalSchema = z
  .string({ error: PRINCIPAL_ALLOWED })
  .regex(/^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+))$/, { error: PRINCIPAL_ALLOWED });
