//! The cases a new platform team met when a verdict told two stories at once, each through
//! the real program: the documentation is the default source of truth, and every verdict
//! states one source's claims, with the other's only in its footnotes.

use crate::support;

use support::{command, DINGTALK_AUTOMATED, POSTGRESQL_VPC};

/// The binary's exit code, standard output and standard error.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = command().args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn recommend(args: &[&str]) -> String {
    let mut all = vec!["recommend"];
    all.extend_from_slice(args);
    run(&all).1
}

/// The text before the footnotes that say what the other source says.
fn before_footnotes(text: &str) -> &str {
    let end = [
        "“Integrate events” says otherwise",
        "The documentation says otherwise",
    ]
    .iter()
    .filter_map(|h| text.find(h))
    .min()
    .unwrap_or(text.len());
    &text[..end]
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["recommend", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert!(code == 0 || code == 1, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn dingtalk_in_terraform_passes_under_the_documentation_by_default() {
    let mut args = vec!["recommend"];
    args.extend_from_slice(DINGTALK_AUTOMATED);
    let (code, out, _) = run(&args);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Source of truth: “Alibaba Cloud's EventBridge documentation” (--trust docs)"),
        "{out}"
    );
    assert!(!out.contains("console-not-automatable:"), "{out}");
    args.extend(["--trust", "page"]);
    let (code, out, _) = run(&args);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error console-not-automatable"), "{out}");
    assert!(out.contains("(--trust page)"), "{out}");
}

#[test]
fn the_policy_file_can_choose_the_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eb-advisor.yaml"), "trust: page\n").unwrap();
    let out = command()
        .current_dir(dir.path())
        .arg("recommend")
        .args(DINGTALK_AUTOMATED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn no_bearer_token_under_the_documentation() {
    let out = recommend(&[POSTGRESQL_VPC, &["--detail"]].concat());
    let body = before_footnotes(&out);
    assert!(!body.contains("Bearer"), "{out}");
    assert!(body.contains("AccessKey"), "{out}");
    assert!(!body.contains("api-cdc-bearer-token"), "{out}");
    // The question asks about an authenticated API, whichever source is followed.
    let (_, help, _) = run(&["recommend", "--help"]);
    assert!(!help.contains("Bearer"), "{help}");
    let (_, paths, _) = run(&["paths", "api-cdc"]);
    assert!(!before_footnotes(&paths).contains("Bearer"), "{paths}");
    // The page's words are kept for the page.
    let page = recommend(&[POSTGRESQL_VPC, &["--trust", "page", "--detail"]].concat());
    assert!(before_footnotes(&page).contains("Bearer"), "{page}");
}

#[test]
fn the_documented_cost_has_no_page_quota_beside_it() {
    let out = recommend(POSTGRESQL_VPC);
    let body = before_footnotes(&out);
    assert!(body.contains("USD"), "{out}");
    assert!(!body.contains("free requests"), "{out}");
    assert!(!body.contains("postgresql-free-quota"), "{out}");
    let page = recommend(&[POSTGRESQL_VPC, &["--trust", "page"]].concat());
    assert!(page.contains("postgresql-free-quota"), "{page}");
    let dingtalk = recommend(&[
        "--goal",
        "send-events",
        "--target",
        "dingtalk",
        "--automation",
        "no",
        "--can-code",
        "no",
        "--monthly-volume",
        "5000",
    ]);
    assert!(
        !before_footnotes(&dingtalk).contains("free events"),
        "{dingtalk}"
    );
}

#[test]
fn under_the_page_no_step_contradicts_partner_sources_only() {
    let out = recommend(&[DINGTALK_AUTOMATED, &["--trust", "page"]].concat());
    assert!(out.contains("partner-sources-only"), "{out}");
    assert!(
        !before_footnotes(&out).contains("HTTPS event source"),
        "{out}"
    );
}

#[test]
fn discovery_is_told_by_one_source_at_a_time() {
    let mysql = [
        "--goal",
        "capture-db-changes",
        "--database",
        "mysql",
        "--network",
        "public",
        "--region",
        "cn-shanghai",
        "--automation",
        "yes",
        "--can-code",
        "yes",
    ];
    let page = recommend(&[&mysql[..], &["--trust", "page"]].concat());
    assert!(page.contains("api-cdc-manual-connection"), "{page}");
    assert!(
        !before_footnotes(&page).contains("discovereventsource"),
        "{page}"
    );
    let docs = recommend(&mysql);
    assert!(!docs.contains("api-cdc-manual-connection"), "{docs}");
    assert!(docs.contains("discovereventsource"), "{docs}");
    // PostgreSQL is never sent to a MySQL-only page.
    let postgresql = recommend(POSTGRESQL_VPC);
    assert!(!postgresql.contains("discovereventsource"), "{postgresql}");
}

#[test]
fn the_footnote_heading_names_the_other_source() {
    let docs = recommend(POSTGRESQL_VPC);
    assert!(docs.contains("“Integrate events” says otherwise"), "{docs}");
    assert!(
        !docs.contains("Verify: public documentation says otherwise"),
        "{docs}"
    );
    assert!(
        docs.contains("https://company-skill.com/p/eb/eb-integrate-events"),
        "{docs}"
    );
    let page = recommend(&[POSTGRESQL_VPC, &["--trust", "page"]].concat());
    assert!(page.contains("The documentation says otherwise"), "{page}");
}

#[test]
fn a_custom_app_under_the_documentation_gets_an_http_source_step() {
    let out = recommend(&[
        "--goal",
        "receive-app-events",
        "--source",
        "custom-app",
        "--automation",
        "no",
        "--can-code",
        "yes",
    ]);
    assert!(out.contains("console-webhook"), "{out}");
    assert!(out.contains("HTTP/HTTPS event source"), "{out}");
    assert!(out.contains("CIDR block or security domain"), "{out}");
    assert!(!out.contains("Partner Event Sources"), "{out}");
    assert!(!out.contains("My own app or another SaaS"), "{out}");
}

#[test]
fn another_region_is_not_pasted_as_a_place() {
    let out = recommend(&[
        "--goal",
        "capture-db-changes",
        "--database",
        "mysql",
        "--network",
        "public",
        "--region",
        "other",
        "--automation",
        "yes",
        "--can-code",
        "yes",
    ]);
    assert!(!out.contains("In Another region"), "{out}");
    assert!(out.contains("CreateEventStreaming"), "{out}");
}

#[test]
fn documented_costs_carry_the_push_charge_their_currency_and_no_false_precision() {
    let lark = json(&[
        "--goal",
        "send-events",
        "--target",
        "lark",
        "--automation",
        "no",
        "--can-code",
        "no",
        "--monthly-volume",
        "1000000",
    ]);
    let cost = &lark["cost"];
    assert_eq!(cost["currency"], "USD", "{cost}");
    // 0.82 to publish plus 0.91 to push to a custom (HTTPS) target, per million.
    assert!(
        (cost["monthly"].as_f64().unwrap() - 1.73).abs() < 1e-9,
        "{cost}"
    );
    let dingtalk = json(&[
        "--goal",
        "send-events",
        "--target",
        "dingtalk",
        "--automation",
        "no",
        "--can-code",
        "no",
        "--monthly-volume",
        "1000000",
    ]);
    assert!((dingtalk["cost"]["monthly"].as_f64().unwrap() - 0.82).abs() < 1e-9);
    let cdc = recommend(POSTGRESQL_VPC);
    assert!(cdc.contains("an idle stream adds USD 0.14 a day"), "{cdc}");
    // 50,000 × 0.41 / 1,000,000 = 0.0205: whole cents.
    assert!(cdc.contains("≈ 0.02 USD per month"), "{cdc}");
    let page = json(&[POSTGRESQL_VPC, &["--trust", "page"]].concat());
    assert_eq!(page["cost"]["currency"], "CNY");
    let small = recommend(&[
        "--goal",
        "send-events",
        "--target",
        "wecom",
        "--automation",
        "no",
        "--can-code",
        "no",
        "--monthly-volume",
        "1190",
        "--trust",
        "page",
    ]);
    // 1,190 / 1,000 × 0.0001 = 0.000119 CNY.
    assert!(small.contains("≈ 0.00012 CNY per month"), "{small}");
}

#[test]
fn chinese_addresses_end_before_full_width_punctuation() {
    for trust in ["docs", "page"] {
        let out = recommend(&[
            "--goal",
            "receive-app-events",
            "--source",
            "custom-app",
            "--automation",
            "no",
            "--can-code",
            "yes",
            "--lang",
            "zh",
            "--detail",
            "--trust",
            trust,
        ]);
        for (i, _) in out.match_indices("https://") {
            let address: String = out[i..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            assert!(address.is_ascii(), "{address} in\n{out}");
        }
    }
}
