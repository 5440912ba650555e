use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::*;

const MAIN: &str = r#"variable "robot_url" { default = "https://hooks.example.com/robot/send?access_token=abc123" }
locals { pattern = jsonencode({ source = ["acs.oss"], type = ["oss:ObjectCreated:PutObject"] }) }

# eb-advisor: acknowledge hook-secret — the token is a test robot's
resource "alicloud_event_bridge_rule" "orders" {
  event_bus_name = alicloud_event_bridge_event_bus.orders.event_bus_name
  rule_name      = "orders"
  filter_pattern = local.pattern
  targets {
    target_id = "robot"
    endpoint  = var.robot_url
    type      = "acs.mns.queue"
    param_list {
      resource_key = "URL"
      form         = "CONSTANT"
      value        = var.robot_url
    }
    param_list {
      resource_key = "Body"
      form         = "TEMPLATE"
      value        = "{\"key\": \"${var.region}\"}"
    }
  }
}

resource "alicloud_event_bridge_event_bus" "orders" {
  event_bus_name = "orders-${var.region}"
  description    = <<-EOT
    Orders bus
      of ${var.region}
    EOT
}

provider "alicloud" { region = var.region }
variable "region" { default = "cn-hangzhou" }
variable "token" {}
module "events" {
  source = "./modules/events"
  bus    = "orders"
}
module "remote" {
  source = "terraform-alicloud-modules/events/alicloud"
}
"#;

const MODULE: &str = r#"variable "bus" {}
variable "suffix" { default = "stream" }
resource "alicloud_event_bridge_event_streaming" "s" {
  event_streaming_name = "${var.bus}-${var.suffix}"
  source {
    source_mns_parameters {
      queue_name = var.bus
    }
  }
}
"#;

fn options() -> ReadOptions {
    ReadOptions::DEFAULT
}

fn file(path: &str, text: &str) -> (PathBuf, Vec<u8>) {
    (PathBuf::from(path), text.as_bytes().to_vec())
}

fn read_main(tfvars: Vec<(PathBuf, Vec<u8>)>) -> Configuration {
    let files = vec![
        file("infra/main.tf", MAIN),
        file("infra/modules/events/main.tf", MODULE),
    ];
    read_sources(files, tfvars, options())
}

fn block<'c>(config: &'c Configuration, kind: &str, labels: &[&str]) -> &'c Block {
    config
        .blocks
        .iter()
        .find(|b| b.kind == kind && b.labels == labels)
        .unwrap_or_else(|| panic!("no {kind} {labels:?} in {:#?}", config.blocks))
}

fn at(file: usize, line: u32, column: u32) -> Loc {
    Loc {
        file,
        pos: Pos { line, column },
    }
}

fn str_of(located: &Located) -> &str {
    located
        .value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {located:?}"))
}

fn first_target(config: &Configuration) -> &Value {
    let rule = block(
        config,
        "resource",
        &["alicloud_event_bridge_rule", "orders"],
    );
    let Value::List(targets) = &rule.get("targets").unwrap().value else {
        panic!("targets is not a list");
    };
    &targets[0].value
}

#[test]
fn a_variable_reference_is_the_default_where_the_default_is_written() {
    let config = read_main(vec![]);
    assert_eq!(config.problems, vec![]);
    let endpoint = first_target(&config).get("endpoint").unwrap();
    assert_eq!(
        str_of(endpoint),
        "https://hooks.example.com/robot/send?access_token=abc123"
    );
    // `variable "robot_url" { default = ` is 33 characters: the default is at column 34.
    assert_eq!(endpoint.at, at(0, 1, 34));
}

#[test]
fn nested_blocks_are_lists_of_objects_in_order() {
    let config = read_main(vec![]);
    let Value::List(params) = &first_target(&config).get("param_list").unwrap().value else {
        panic!("param_list is not a list");
    };
    assert_eq!(params.len(), 2);
    assert_eq!(str_of(params[0].value.get("form").unwrap()), "CONSTANT");
    assert_eq!(params[0].at, at(0, 13, 5));
    assert_eq!(
        str_of(params[1].value.get("value").unwrap()),
        "{\"key\": \"cn-hangzhou\"}"
    );
}

#[test]
fn jsonencode_of_a_local_is_compact_json_in_the_order_written() {
    let config = read_main(vec![]);
    let rule = block(
        &config,
        "resource",
        &["alicloud_event_bridge_rule", "orders"],
    );
    let pattern = rule.get("filter_pattern").unwrap();
    assert_eq!(
        str_of(pattern),
        r#"{"source":["acs.oss"],"type":["oss:ObjectCreated:PutObject"]}"#
    );
    assert_eq!(pattern.at, at(0, 2, 20), "where the local is written");
}

#[test]
fn resource_attributes_are_unknown_with_the_reference_named() {
    let config = read_main(vec![]);
    let rule = block(
        &config,
        "resource",
        &["alicloud_event_bridge_rule", "orders"],
    );
    let bus = rule.get("event_bus_name").unwrap();
    let Value::Unknown(reason) = &bus.value else {
        panic!("known: {bus:?}");
    };
    assert!(
        reason.contains("alicloud_event_bridge_event_bus.orders.event_bus_name"),
        "{reason}"
    );
    assert_eq!(bus.at, at(0, 6, 20));
    assert_eq!(str_of(rule.get("rule_name").unwrap()), "orders");
}

#[test]
fn templates_and_heredocs_are_known_when_their_parts_are() {
    let config = read_main(vec![]);
    let bus = block(
        &config,
        "resource",
        &["alicloud_event_bridge_event_bus", "orders"],
    );
    assert_eq!(
        str_of(bus.get("event_bus_name").unwrap()),
        "orders-cn-hangzhou"
    );
    assert_eq!(
        str_of(bus.get("description").unwrap()),
        "Orders bus\n  of cn-hangzhou\n"
    );
}

#[test]
fn tfvars_override_defaults_and_are_located_in_the_tfvars_file() {
    let tfvars = vec![file("prod.tfvars", "region = \"cn-shanghai\"\n")];
    let config = read_main(tfvars);
    let provider = block(&config, "provider", &["alicloud"]);
    let region = provider.get("region").unwrap();
    assert_eq!(str_of(region), "cn-shanghai");
    assert_eq!(
        config.files[region.at.file].path,
        PathBuf::from("prod.tfvars")
    );
    assert_eq!(
        region.at.pos,
        Pos {
            line: 1,
            column: 10
        }
    );
}

#[test]
fn terraform_tfvars_in_the_root_folder_apply_before_the_given_ones() {
    let files = vec![
        file("infra/main.tf", MAIN),
        file("infra/modules/events/main.tf", MODULE),
        file("infra/terraform.tfvars", "region = \"cn-beijing\"\n"),
        file("infra/a.auto.tfvars", "robot_url = \"https://x\"\n"),
    ];
    let config = read_sources(files.clone(), vec![], options());
    let region = block(&config, "provider", &["alicloud"])
        .get("region")
        .unwrap();
    assert_eq!(str_of(region), "cn-beijing");
    assert_eq!(
        str_of(first_target(&config).get("endpoint").unwrap()),
        "https://x"
    );
    let given = vec![file("prod.tfvars", "region = \"cn-shenzhen\"\n")];
    let config = read_sources(files, given, options());
    let region = block(&config, "provider", &["alicloud"])
        .get("region")
        .unwrap();
    assert_eq!(str_of(region), "cn-shenzhen");
}

#[test]
fn a_variable_without_default_or_value_is_unknown() {
    let text = "variable \"token\" {}\nresource \"alicloud_event_bridge_connection\" \"c\" {\n  connection_name = var.token\n  other = var.undeclared\n}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    let connection = block(
        &config,
        "resource",
        &["alicloud_event_bridge_connection", "c"],
    );
    assert_eq!(
        connection.get("connection_name").unwrap().value,
        Value::Unknown("var.token has no default and no value is given".to_string())
    );
    assert_eq!(
        connection.get("other").unwrap().value,
        Value::Unknown("var.undeclared is not declared".to_string())
    );
}

#[test]
fn local_modules_are_read_with_their_variables_bound_to_the_arguments() {
    let config = read_main(vec![]);
    let stream = block(
        &config,
        "resource",
        &["alicloud_event_bridge_event_streaming", "s"],
    );
    assert_eq!(stream.module, "module.events");
    assert_eq!(
        str_of(stream.get("event_streaming_name").unwrap()),
        "orders-stream"
    );
    let Value::List(sources) = &stream.get("source").unwrap().value else {
        panic!("source is not a list");
    };
    let Value::List(mns) = &sources[0].value.get("source_mns_parameters").unwrap().value else {
        panic!("no mns parameters");
    };
    let queue = mns[0].value.get("queue_name").unwrap();
    assert_eq!(str_of(queue), "orders");
    assert_eq!(
        queue.at,
        at(0, 39, 12),
        "where the module argument is written"
    );
    let module_index = stream.at.file;
    assert_eq!(
        config.files[module_index].path,
        PathBuf::from("infra/modules/events/main.tf")
    );
    // The module block comes first, then the blocks of the module it calls.
    let kinds: Vec<&str> = config.blocks.iter().map(|b| b.labels[0].as_str()).collect();
    let events = kinds.iter().position(|k| *k == "events").unwrap();
    assert_eq!(kinds[events + 1], "alicloud_event_bridge_event_streaming");
    // A registry module is listed, not read.
    assert!(config.blocks.iter().all(|b| b.module != "module.remote"));
    block(&config, "module", &["remote"]);
}

#[test]
fn comments_above_and_inside_a_block_are_its_comments() {
    let config = read_main(vec![]);
    let rule = block(
        &config,
        "resource",
        &["alicloud_event_bridge_rule", "orders"],
    );
    assert_eq!(
        rule.comments,
        vec![(
            at(0, 4, 1),
            "eb-advisor: acknowledge hook-secret — the token is a test robot's".to_string()
        )]
    );
    let text = "resource \"a\" \"b\" { # one\n  x = \"#not\" // two\n  /* three */\n}\n# after\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    let texts: Vec<&str> = config.blocks[0]
        .comments
        .iter()
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(texts, ["one", "two", "three"]);
    assert_eq!(config.blocks[0].comments[1].0, at(0, 2, 14));
}

#[test]
fn a_comment_after_code_or_a_blank_line_is_not_above_the_block() {
    let text = "# far\n\nlocals { a = 1 } # trailing\nresource \"a\" \"b\" {}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    assert_eq!(config.blocks[0].comments, vec![]);
}

#[test]
fn attribute_access_and_index_into_known_values() {
    let text = r#"
variable "obj" { default = { name = "bus", tags = ["a", "b"] } }
locals {
  list = [var.obj.name, "x"]
  cycle_a = local.cycle_b
  cycle_b = local.cycle_a
}
resource "alicloud_event_bridge_event_source" "s" {
  a = local.list[0]
  b = var.obj.tags[1]
  c = var.obj["name"]
  d = local.cycle_a
  e = lookup(var.obj, "name")
  f = var.obj.missing
  g = tostring(12)
  h = true ? "yes" : "no"
  i = data.alicloud_account.current.id
  j = -5
  k = var.obj.name == "bus"
}
"#;
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    assert_eq!(config.problems, vec![]);
    let source = &config.blocks[0];
    let value = |key: &str| source.get(key).unwrap().value.clone();
    assert_eq!(value("a"), Value::Str("bus".into()));
    assert_eq!(source.get("a").unwrap().at, at(0, 2, 37));
    assert_eq!(value("b"), Value::Str("b".into()));
    assert_eq!(value("c"), Value::Str("bus".into()));
    assert!(matches!(value("d"), Value::Unknown(r) if r.contains("cycle")));
    assert!(matches!(value("e"), Value::Unknown(r) if r.contains("lookup")));
    assert!(matches!(value("f"), Value::Unknown(r) if r.contains("missing")));
    assert_eq!(value("g"), Value::Str("12".into()));
    assert_eq!(value("h"), Value::Str("yes".into()));
    assert!(matches!(value("i"), Value::Unknown(r) if r.contains("data source")));
    assert_eq!(value("j"), Value::Number("-5".into()));
    assert_eq!(value("k"), Value::Bool(true));
}

#[test]
fn jsonencode_escapes_as_terraform_does_and_needs_known_values() {
    let text = r#"resource "alicloud_event_bridge_api_destination" "d" {
  a = jsonencode({ "b<" = "&", n = 1.50, z = null, t = true })
  b = jsonencode({ id = alicloud_x.y.id })
}
"#;
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    let d = &config.blocks[0];
    assert_eq!(
        str_of(d.get("a").unwrap()),
        r#"{"b\u003c":"\u0026","n":1.50,"z":null,"t":true}"#
    );
    assert!(
        matches!(&d.get("b").unwrap().value, Value::Unknown(r) if r.contains("alicloud_x.y.id"))
    );
}

#[test]
fn a_module_calling_itself_is_a_problem_not_a_loop() {
    let text =
        "module \"me\" {\n  source = \"./\"\n}\nmodule \"up\" {\n  source = \"../root\"\n}\n";
    let config = read_sources(vec![file("root/main.tf", text)], vec![], options());
    assert_eq!(config.problems.len(), 2, "{:?}", config.problems);
    assert_eq!(config.problems[0].0, at(0, 2, 12));
    assert!(config.problems[0].1.contains("cannot call itself"));
}

#[test]
fn a_missing_module_folder_is_a_problem_at_its_source() {
    let text = "module \"gone\" {\n  source = \"./nowhere\"\n}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    assert_eq!(config.problems.len(), 1);
    assert_eq!(config.problems[0].0, at(0, 2, 12));
}

fn problems_of(text: &[u8]) -> Vec<(Loc, String)> {
    let files = vec![(PathBuf::from("main.tf"), text.to_vec())];
    read_sources(files, vec![], options()).problems
}

#[test]
fn an_unterminated_block_is_a_problem_where_it_opens() {
    let problems = problems_of(b"resource \"a\" \"b\" {\n  x = 1\n");
    assert_eq!(
        problems,
        vec![(
            at(0, 1, 18),
            "unterminated block: expected `}` before the end of the file".to_string()
        )]
    );
    let problems = problems_of(b"locals {\n  x = \"abc\n}\n");
    assert_eq!(problems[0].0, at(0, 2, 7));
    assert!(
        problems[0].1.starts_with("unterminated string"),
        "{}",
        problems[0].1
    );
    let problems = problems_of(b"locals {\n  x = <<EOF\nabc\n}\n");
    assert!(problems[0].1.contains("`EOF`"), "{}", problems[0].1);
}

#[test]
fn a_syntax_error_names_what_was_expected_and_where() {
    let problems = problems_of(b"locals {\n  x = \n}\n");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0.pos.line, 2);
    assert!(
        problems[0].1.starts_with("syntax error: "),
        "{}",
        problems[0].1
    );
    assert!(problems[0].1.contains("expected"), "{}", problems[0].1);
}

#[test]
fn invalid_utf8_names_the_line_of_the_byte() {
    let problems = problems_of(b"locals {\n  x = \"\xff\"\n}\n");
    assert_eq!(
        problems,
        vec![(
            at(0, 2, 8),
            "invalid UTF-8 at byte 16: expected text in UTF-8".to_string()
        )]
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_parsed() {
    let big = vec![b' '; 2048];
    let files = vec![(PathBuf::from("main.tf"), big)];
    let small = ReadOptions {
        max_file_bytes: 1024,
        ..options()
    };
    let config = read_sources(files, vec![], small);
    assert_eq!(config.problems.len(), 1);
    assert_eq!(
        config.problems[0].0,
        Loc {
            file: 0,
            pos: Pos::NONE
        }
    );
    assert!(config.problems[0]
        .1
        .contains("larger than the limit of 1024"));
}

fn quickly<T>(limit: Duration, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = work();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn deep_nesting_is_a_problem_not_a_stack_overflow() {
    let deep = format!("locals {{\n  x = {}\n}}\n", "[".repeat(100_000));
    let problems = quickly(Duration::from_secs(2), || problems_of(deep.as_bytes()));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].0,
        at(0, 2, 70),
        "the 64th `[` inside the locals block"
    );
    assert!(problems[0].1.starts_with("nesting deeper than 64 levels"));
    let blocks = "a {\n".repeat(100_000);
    let problems = problems_of(blocks.as_bytes());
    assert_eq!(problems[0].0, at(0, 65, 3));
    let templates = format!("x = {}", "\"${".repeat(100_000));
    assert_eq!(problems_of(templates.as_bytes()).len(), 1);
}

#[test]
fn a_lower_depth_limit_is_kept_and_values_deeper_than_it_are_unknown() {
    let shallow = ReadOptions {
        max_depth: 3,
        ..options()
    };
    let text = "locals {\n  x = [[[1]]]\n}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], shallow);
    assert_eq!(config.problems[0].0, at(0, 2, 9));
    // Values built from references nest deeper than any one expression.
    let text = "locals {\n  a = [1]\n  b = [local.a]\n  c = [local.b]\n}\nresource \"r\" \"n\" {\n  v = [local.c]\n}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], shallow);
    assert_eq!(config.problems, vec![]);
    let v = config.blocks[0].get("v").unwrap();
    assert!(
        matches!(&v.value, Value::Unknown(r) if r.contains("deeper than 3")),
        "{v:?}"
    );
}

#[test]
fn locals_that_double_at_each_step_run_out_of_budget_quickly() {
    let mut text = String::from("locals {\n  l0 = \"xxxxxxxxxxxxxxxx\"\n");
    for i in 1..64 {
        text.push_str(&format!("  l{i} = [local.l{}, local.l{}]\n", i - 1, i - 1));
    }
    text.push_str("}\nresource \"r\" \"n\" {\n  v = local.l63\n  s = \"${local.l0}\"\n}\n");
    let config = quickly(Duration::from_secs(5), || {
        read_sources(vec![file("main.tf", &text)], vec![], options())
    });
    let v = config.blocks[0].get("v").unwrap();
    assert!(!v.value.is_known());
    assert!(config.problems.iter().any(|(_, m)| m.contains("too large")));
}

#[test]
fn a_long_chain_of_locals_is_unknown_not_a_stack_overflow() {
    let mut text = String::from("locals {\n  l0 = 1\n");
    for i in 1..20_000 {
        text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    text.push_str("}\nresource \"r\" \"n\" {\n  v = local.l19999\n}\n");
    let config = read_sources(vec![file("main.tf", &text)], vec![], options());
    let v = config.blocks[0].get("v").unwrap();
    assert!(
        matches!(&v.value, Value::Unknown(r) if r.contains("nested too deeply")),
        "{v:?}"
    );
}

#[test]
fn a_huge_object_literal_is_refused_before_its_quadratic_parse() {
    let entries: String = (0..20_000).map(|i| format!("k{i} = {i}\n")).collect();
    let text = format!("locals {{\n  x = {{\n{entries}}}\n}}\n");
    let problems = quickly(Duration::from_secs(2), || problems_of(text.as_bytes()));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, at(0, 2, 7));
    assert!(problems[0].1.contains("more than 10000 entries"));
}

#[test]
fn a_large_heredoc_and_many_attributes_are_read() {
    // Smaller than the release measurements in the report: this is a debug build.
    let mut text = String::from("locals {\n  doc = <<EOT\n");
    for i in 0..20_000 {
        text.push_str(&format!("line {i} of the heredoc\n"));
    }
    text.push_str("EOT\n");
    for i in 0..20_000 {
        text.push_str(&format!("  attr_{i} = \"value {i}\"\n"));
    }
    text.push_str("}\nresource \"r\" \"n\" {\n  v = local.doc\n  w = local.attr_19999\n}\n");
    let big = ReadOptions {
        max_file_bytes: 16 << 20,
        ..options()
    };
    let config = quickly(Duration::from_secs(20), || {
        read_sources(vec![file("main.tf", &text)], vec![], big)
    });
    assert_eq!(config.problems, vec![]);
    let doc = str_of(config.blocks[0].get("v").unwrap());
    assert!(doc.ends_with("line 19999 of the heredoc\n"));
    assert_eq!(str_of(config.blocks[0].get("w").unwrap()), "value 19999");
}

/// Every prefix of the fixture, read: no panic, and every Loc names a file that is there.
#[test]
fn every_truncation_of_a_configuration_reads_without_panic() {
    for end in 0..=MAIN.len() {
        let bytes = MAIN.as_bytes()[..end].to_vec();
        let config = read_sources(
            vec![(PathBuf::from("main.tf"), bytes.clone())],
            vec![(PathBuf::from("x.tfvars"), bytes)],
            options(),
        );
        assert_locs_in_range(&config);
    }
}

fn assert_locs_in_range(config: &Configuration) {
    let files = config.files.len();
    for (loc, _) in &config.problems {
        assert!(loc.file < files);
    }
    for block in &config.blocks {
        assert!(block.at.file < files);
        block
            .comments
            .iter()
            .for_each(|(loc, _)| assert!(loc.file < files));
        block
            .body
            .iter()
            .for_each(|(_, v)| assert_located(v, files));
    }
}

fn assert_located(located: &Located, files: usize) {
    assert!(located.at.file < files);
    match &located.value {
        Value::List(items) => items.iter().for_each(|v| assert_located(v, files)),
        Value::Object(entries) => entries.iter().for_each(|(_, v)| assert_located(v, files)),
        _ => {}
    }
}

#[test]
fn read_takes_folders_sorted_and_their_tfvars_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("modules/events")).unwrap();
    std::fs::write(
        root.join("b.tf"),
        "provider \"alicloud\" { region = var.region }\n",
    )
    .unwrap();
    std::fs::write(root.join("a.tf"), "variable \"region\" {}\n").unwrap();
    std::fs::write(root.join("terraform.tfvars"), "region = \"cn-hangzhou\"\n").unwrap();
    std::fs::write(root.join("notes.txt"), "not terraform").unwrap();
    let config = read(&[root.to_path_buf()], &[], options());
    assert_eq!(config.problems, vec![]);
    let names: Vec<_> = config
        .files
        .iter()
        .map(|f| f.path.file_name().unwrap())
        .collect();
    assert_eq!(names, ["a.tf", "b.tf", "terraform.tfvars"]);
    let region = block(&config, "provider", &["alicloud"])
        .get("region")
        .unwrap();
    assert_eq!(str_of(region), "cn-hangzhou");
    let missing = read(&[root.join("missing.tf")], &[], options());
    assert_eq!(missing.problems.len(), 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Soups of HCL's tokens (most of them broken HCL): never a panic, every Loc in range.
    #[test]
    fn token_soups_read_without_panic(
        tokens in proptest::collection::vec(
            proptest::sample::select(vec![
                "resource", "\"a\"", "{", "}", "[", "]", "(", ")", "=", ":", ",", "\n", " ",
                "var.x", "local.y", "${", "%{", "\"", "<<EOF\n", "<<-EOF\n", "EOF", "#c", "//",
                "/*", "*/", "jsonencode(", "1", "-", "?", "==", "=>", "for", "in", "\\", "é",
                "locals", "variable", "default", "module", "source", "\"./\"", "~}",
            ]),
            0..60,
        )
    ) {
        let text: String = tokens.concat();
        let config = read_sources(
            vec![file("main.tf", &text)],
            vec![file("x.tfvars", &text)],
            options(),
        );
        assert_locs_in_range(&config);
    }
}

#[test]
fn columns_count_characters_across_long_lines() {
    let text = format!("aé\nxé😀z\n{}z", "é".repeat(300));
    let lines = source::LineIndex::new(&text);
    assert_eq!(
        lines.pos(text.find('z').unwrap()),
        Pos { line: 2, column: 4 }
    );
    assert_eq!(
        lines.pos(text.rfind('z').unwrap()),
        Pos {
            line: 3,
            column: 301
        }
    );
    assert_eq!(lines.pos(0), Pos::START);
    assert_eq!(
        lines.pos(usize::MAX),
        Pos {
            line: 3,
            column: 302
        }
    );
}

#[test]
fn a_value_after_wide_characters_is_located_by_characters() {
    let text = "locals {\n  x = { \"é😀\" = \"a\", b = \"c\" }\n}\nresource \"r\" \"n\" {\n  v = local.x.b\n}\n";
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    assert_eq!(config.blocks[0].get("v").unwrap().at, at(0, 2, 25));
}

#[test]
fn dynamic_blocks_and_per_instance_values_are_unknown() {
    let text = r#"resource "alicloud_event_bridge_rule" "r" {
  count     = 2
  rule_name = "rule-${count.index}"
  targets {
    target_id = "static"
  }
  dynamic "targets" {
    for_each = var.targets
    content {
      target_id = targets.value.id
    }
  }
}
"#;
    let config = read_sources(vec![file("main.tf", text)], vec![], options());
    let rule = &config.blocks[0];
    let name = &rule.get("rule_name").unwrap().value;
    assert!(
        matches!(name, Value::Unknown(r) if r.contains("count.index")),
        "{name:?}"
    );
    let Value::List(targets) = &rule.get("targets").unwrap().value else {
        panic!("targets is not a list");
    };
    assert_eq!(targets.len(), 2);
    assert_eq!(str_of(targets[0].value.get("target_id").unwrap()), "static");
    assert!(matches!(&targets[1].value, Value::Unknown(r) if r.contains("dynamic \"targets\"")));
    assert_eq!(targets[1].at, at(0, 7, 3));
}
