//! Criterion benchmarks of the hot paths: evaluate one answer set (in full, and as a plan
//! check does), check one plan from bytes, and load the embedded rulebook (pre-compiled,
//! and from YAML for comparison).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use eb_advisor::rulebook::Trust;

use eb_advisor::answers;
use eb_advisor::engine;
use eb_advisor::rulebook::{self, EMBEDDED_NAME, EMBEDDED_SOURCE};
use eb_advisor::yaml::Limits;

const PLAN: &str = "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: postgresql\n  network: vpc\n  region: cn-hangzhou\n  automation: yes\n  can-code: yes\n  monthly-volume: 50000\nsettings:\n  vpc-id: vpc-123\n  vswitch-ids: [vsw-1]\n  security-group-id: sg-1\n  password: ${ORDERS_DB_PASSWORD}\n";

const ANSWERS: &str = "goal: capture-db-changes\ndatabase: postgresql\nnetwork: vpc\nregion: cn-hangzhou\nautomation: yes\ncan-code: yes\nmonthly-volume: 5000\n";

fn benches(c: &mut Criterion) {
    let rb = eb_advisor::embedded::rulebook();
    let answers = answers::parse_str(&rb, "answers.yaml", ANSWERS, Limits::PLAN).unwrap();

    c.bench_function("evaluate one answer set", |b| {
        b.iter(|| engine::evaluate(black_box(&rb), black_box(&answers), None, Trust::Page))
    });
    c.bench_function("decide one answer set (as check does)", |b| {
        b.iter(|| engine::decide(black_box(&rb), black_box(&answers), None, Trust::Page))
    });
    c.bench_function("check one plan from bytes", |b| {
        b.iter(|| {
            eb_advisor::plan::check_text(
                black_box(&rb),
                "orders.eb-plan.yaml",
                black_box(PLAN),
                eb_advisor::plan::CheckOptions::new(Limits::PLAN, Trust::Page),
            )
        })
    });
    c.bench_function("load the embedded rulebook (pre-compiled)", |b| {
        b.iter(eb_advisor::embedded::rulebook)
    });
    c.bench_function("load the embedded rulebook (from YAML)", |b| {
        b.iter(|| {
            rulebook::load_str(EMBEDDED_NAME, black_box(EMBEDDED_SOURCE), Limits::RULEBOOK).unwrap()
        })
    });
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
