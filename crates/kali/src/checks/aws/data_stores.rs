//! AWS rules for where data lives: databases (RDS, Aurora, DynamoDB, Redshift, DocumentDB,
//! Neptune, ElastiCache, MemoryDB, OpenSearch), storage (S3, EBS, EFS, FSx, Backup),
//! streams and queues (Kinesis, MSK, SNS, SQS, MQ), keys and secrets (KMS, Secrets
//! Manager, SSM parameters) and data movement (DMS, Glue, Athena).

use super::super::Rule;

pub(crate) static RULES: &[Rule] = &[];
