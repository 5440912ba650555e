//! Any bytes as a Terraform configuration: the bytes before the first NUL are a .tf file,
//! the rest a .tfvars file. Reading never panics, overflows the stack or hangs, and every
//! Loc it gives names one of the configuration's files.
#![no_main]

use std::path::PathBuf;

use eb_advisor::terraform::{self, Configuration, Located, ReadOptions, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (tf, tfvars) = match data.iter().position(|b| *b == 0) {
        Some(split) => (&data[..split], &data[split + 1..]),
        None => (data, &[][..]),
    };
    let config = terraform::read_sources(
        vec![(PathBuf::from("main.tf"), tf.to_vec())],
        vec![(PathBuf::from("fuzz.tfvars"), tfvars.to_vec())],
        ReadOptions::DEFAULT,
    );
    assert_locs_in_range(&config);
});

fn assert_locs_in_range(config: &Configuration) {
    let files = config.files.len();
    for (loc, _) in &config.problems {
        assert!(loc.file < files, "problem in file {} of {files}", loc.file);
    }
    for block in &config.blocks {
        assert!(block.at.file < files);
        for (loc, _) in &block.comments {
            assert!(loc.file < files);
        }
        for (_, value) in &block.body {
            assert_located(value, files);
        }
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
