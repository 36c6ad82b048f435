import { CopyObjectCommand, GetObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { LockInfo, parseLockInfo } from "./lock-info";

/** Where an environment's state lives: the S3 backend's bucket and key. */
export interface StateLocation {
  readonly bucket: string;
  readonly key: string;
}

export interface StateVersion {
  readonly versionId: string;
  readonly lastModified: Date;
  readonly size: number;
  readonly isLatest: boolean;
}

/** The S3 backend's lock file next to the state (`use_lockfile = true`). */
export const lockKey = (location: StateLocation) => `${location.key}.tflock`;

export const stateUrl = (location: StateLocation) => `s3://${location.bucket}/${location.key}`;

/** Every version of the state object, newest first (delete markers are not versions to restore). */
export async function listStateVersions(s3: S3Client, location: StateLocation): Promise<StateVersion[]> {
  const versions: StateVersion[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: location.bucket, Prefix: location.key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    for (const version of page.Versions ?? []) {
      // The prefix also matches `<key>.tflock` and longer keys.
      if (version.Key !== location.key || !version.VersionId) continue;
      versions.push({
        versionId: version.VersionId,
        lastModified: version.LastModified ?? new Date(0),
        size: version.Size ?? 0,
        isLatest: version.IsLatest ?? false,
      });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return versions.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || Number(b.isLatest) - Number(a.isLatest));
}

/** Copies `versionId` over the current object: the old version becomes the newest one, history is kept. */
export async function restoreStateVersion(s3: S3Client, location: StateLocation, versionId: string): Promise<string | undefined> {
  const source = `${location.bucket}/${location.key.split("/").map(encodeURIComponent).join("/")}?versionId=${encodeURIComponent(versionId)}`;
  const result = await s3.send(
    new CopyObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      CopySource: source,
      // The backend writes with encrypt = true; a copy must not drop that.
      ServerSideEncryption: "AES256",
      ContentType: "application/json",
      MetadataDirective: "REPLACE",
    }),
  );
  return result.VersionId;
}

/** The lock currently held on the state, or undefined when there is none. */
export async function readStateLock(s3: S3Client, location: StateLocation): Promise<LockInfo | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: lockKey(location) }));
    const text = await object.Body!.transformToString();
    return parseLockInfo(text, `s3://${location.bucket}/${lockKey(location)}`);
  } catch (error) {
    if ((error as Error).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** The text of one version of the state object (the current one when `versionId` is undefined). */
export async function readStateVersion(s3: S3Client, location: StateLocation, versionId?: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: versionId }));
  return object.Body!.transformToString();
}
