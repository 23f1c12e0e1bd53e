//! Fixing any manifest text: the fixed text has no more syntax errors than the input, and after
//! a second round (for fixes left out because they overlapped) fixing changes nothing.
#![no_main]

use aksnet_core::{Code, SourceFile, analyze};
use libfuzzer_sys::fuzz_target;

fn fix_once(text: &str) -> String {
    let sources = [SourceFile::new("m.yaml", text)];
    analyze(&sources)
        .fixed_text(0, aksnet_core::Applicability::Unsafe)
        .unwrap_or_else(|| text.to_owned())
}

fn syntax_errors(text: &str) -> usize {
    analyze(&[SourceFile::new("m.yaml", text)])
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::YamlSyntax | Code::YamlDuplicateKey))
        .count()
}

fuzz_target!(|text: &str| {
    let fixed = fix_once(text);
    if fixed == text {
        return;
    }
    assert!(
        syntax_errors(&fixed) <= syntax_errors(text),
        "fixing breaks the YAML:\n--- input\n{text}\n--- fixed\n{fixed}"
    );
    let twice = fix_once(&fixed);
    let thrice = fix_once(&twice);
    assert_eq!(thrice, twice, "fixing is not idempotent");
});
