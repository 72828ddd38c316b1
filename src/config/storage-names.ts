import { z } from "zod";

/** Names of buckets, containers and storage accounts, each to its provider's rules. */

/** An S3 bucket name (AWS's rules for general purpose buckets). */
export const s3BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit)")
  .refine((name) => !name.includes(".."), "must not contain '..' (S3 bucket name)")
  .refine((name) => !/^\d+\.\d+\.\d+\.\d+$/.test(name), "must not look like an IP address (S3 bucket name)")
  .refine((name) => !/^(xn--|sthree-)/.test(name) && !/(-s3alias|--ol-s3)$/.test(name), "must not use a prefix or suffix AWS reserves (xn--, sthree-, -s3alias, --ol-s3)");

/** A Google Cloud Storage bucket name: 3-63 characters, or up to 222 as dot-separated parts of at most 63. */
export const gcsBucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, "must be a GCS bucket name (lowercase letters, digits, '-', '_' and '.', starting and ending with a letter or digit)")
  .refine((name) => (name.includes(".") ? name.split(".").every((part) => part.length >= 1 && part.length <= 63) : name.length <= 63), "must be at most 63 characters, or dot-separated parts of at most 63 (GCS bucket name)")
  .refine((name) => !name.startsWith("goog") && !name.includes("google"), "must not start with 'goog' or contain 'google' (GCS bucket name)");

/** An Azure Blob Storage container name: 3-63 lowercase letters, digits and single hyphens between them. */
export const azureContainerName = z
  .string()
  .regex(/^[a-z0-9](-?[a-z0-9]){2,62}$/, "must be an Azure container name (3-63 lowercase letters, digits and single '-' between them)");

/** An Azure storage account name: 3-24 lowercase letters and digits. */
export const azureStorageAccountName = z.string().regex(/^[a-z0-9]{3,24}$/, "must be a storage account name (3-24 lowercase letters and digits)");

/**
 * A prefix of object keys (S3, GCS, Azure blobs): the characters AWS lists as safe in every
 * store and tool (letters, digits, `!-_.*'()` and `/` between parts), at most 512.
 */
export const objectKeyPrefix = z
  .string()
  .max(512, "must be at most 512 characters")
  .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, "must be an object key prefix (letters, digits, !-_.*'() and '/' between parts)");
