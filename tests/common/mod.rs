//! What several test files share.

/// The PostgreSQL CDC answers as flags: api-cdc with its PostgreSQL and VPC
/// findings, and a cost of 0.4 CNY.
pub const POSTGRESQL_CDC: &[&str] = &[
    "--goal",
    "capture-db-changes",
    "--database",
    "postgresql",
    "--network",
    "vpc",
    "--region",
    "cn-hangzhou",
    "--automation",
    "yes",
    "--can-code",
    "yes",
    "--monthly-volume",
    "5000",
];
