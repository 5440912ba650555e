//! Writes N varied plan files into a folder, for benchmarks and large-folder tests:
//! every outcome, passing and failing plans, realistic sizes.
//!
//! cargo run --release --example gen_plans -- DIR N

use std::fmt::Write as _;
use std::path::Path;

/// The plans cycled through: (file stem, plan text). Each is a plan a team could commit.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "orders-mysql-cdc",
        "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: vpc\n  region: cn-hangzhou\n  automation: yes\n  can-code: yes\n  monthly-volume: {volume}\nsettings:\n  vpc-id: vpc-{n}\n  vswitch-ids: [vsw-{n}a, vsw-{n}b]\n  security-group-id: sg-{n}\n  password: ${ORDERS_DB_PASSWORD}\n",
    ),
    (
        "billing-pg-cdc",
        "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: postgresql\n  network: vpc\n  region: cn-shanghai\n  automation: no\n  can-code: yes\n  monthly-volume: {volume}\nsettings:\n  vpc-id: vpc-{n}\n  vswitch-ids: [vsw-{n}]\n  security-group-id: sg-{n}\n  password: secret-ref:billing-db\n",
    ),
    (
        "hr-dingtalk",
        "path: console-webhook\nanswers:\n  goal: receive-app-events\n  source: dingtalk\n  automation: no\n  can-code: no\n  monthly-volume: {volume}\nsettings:\n  event-pattern:\n    source: [acs.dingtalk]\n    type: [dingtalk:employee:join]\n",
    ),
    (
        "alerts-lark",
        "path: console-webhook\nanswers:\n  goal: send-events\n  target: lark\n  automation: no\n  can-code: yes\nsettings:\n  event-pattern: { source: [acs.cms] }\n  webhook-url: secret-ref:lark-robot-{n}\n",
    ),
    (
        "partner-portal",
        "path: fc-api-gateway\nanswers:\n  goal: receive-app-events\n  source: custom-app\n  automation: yes\n  can-code: yes\n",
    ),
    // Dead ends: each of these fails the check.
    (
        "pg-on-console",
        "path: console-webhook\nanswers:\n  goal: capture-db-changes\n  database: postgresql\n  network: vpc\n  region: cn-beijing\n  automation: no\n  can-code: yes\nsettings:\n  event-pattern: { source: [acs.rds] }\n",
    ),
    (
        "github-on-cdc",
        "path: api-cdc\nanswers:\n  goal: receive-app-events\n  source: github\n  automation: yes\n  can-code: yes\n",
    ),
    (
        "vpc-missing",
        "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: vpc\n  region: ap-southeast-1\n  automation: yes\n  can-code: yes\nsettings:\n  vpc-id: vpc-{n}\n  password: hunter2-{n}\n",
    ),
    (
        "typo",
        "path: console-webhook\nanswers:\n  goal: send-events\n  targt: wecom\n  automation: no\n  can-code: no\n",
    ),
];

/// How many of the first `count` generated plans fail a check (the dead-end templates).
pub fn failing(count: usize) -> usize {
    (0..count)
        .filter(|n| n % TEMPLATES.len() >= PASSING)
        .count()
}

/// The first templates pass; the rest are dead ends.
const PASSING: usize = 5;

/// Writes `count` plans under `dir`, in folders of 1,000 as a monorepo would have them.
pub fn generate(dir: &Path, count: usize) -> std::io::Result<()> {
    for n in 0..count {
        let (stem, template) = TEMPLATES[n % TEMPLATES.len()];
        let folder = dir.join(format!("team-{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let mut text = String::new();
        let _ = writeln!(text, "# {stem} #{n}");
        text.push_str(
            &template
                .replace("{n}", &n.to_string())
                .replace("{volume}", &((n * 7919) % 200_000).to_string()),
        );
        std::fs::write(folder.join(format!("{stem}-{n:06}.eb-plan.yaml")), text)?;
    }
    Ok(())
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_plans DIR N");
        std::process::exit(2);
    };
    if let Err(e) = generate(Path::new(dir), count) {
        eprintln!("gen_plans: {dir}: {e}");
        std::process::exit(1);
    }
}
