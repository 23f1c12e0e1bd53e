//! Properties of fixing, over every fixture and every prefix of them (the half-typed input the
//! page sees): applying the fixes never breaks parsing, and fixing is idempotent.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use aksnet_core::{Code, SourceFile, analyze};

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    for dir in ["rules", "reach", "cli", "check-dir"] {
        walk(&root.join(dir), &mut out);
    }
    out.push(root.join("../../static/examples/backend-policy.yaml"));
    out
}

fn fix_once(text: &str) -> String {
    let sources = [SourceFile::new("m.yaml", text)];
    analyze(&sources)
        .fixed_text(0, aksnet_core::Applicability::Unsafe)
        .unwrap()
}

fn syntax_errors(text: &str) -> usize {
    analyze(&[SourceFile::new("m.yaml", text)])
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::YamlSyntax | Code::YamlDuplicateKey))
        .count()
}

#[test]
fn fixing_never_breaks_parsing_and_is_idempotent() {
    let files = fixtures();
    assert!(files.len() > 80, "only {} fixtures", files.len());
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // The whole file, then prefixes cut at line ends (as a user types line by line).
        let mut inputs = vec![text.clone()];
        inputs.extend(
            text.match_indices('\n')
                .step_by(4)
                .map(|(i, _)| text[..=i].to_owned()),
        );
        for input in inputs {
            let fixed = fix_once(&input);
            if fixed == input {
                continue;
            }
            checked += 1;
            assert!(
                syntax_errors(&fixed) <= syntax_errors(&input),
                "{}: fixing breaks the YAML:\n--- input\n{input}\n--- fixed\n{fixed}",
                file.display()
            );
            // A fix left out because it overlapped another is applied on the next round; after
            // that nothing changes.
            let twice = fix_once(&fixed);
            let thrice = fix_once(&twice);
            assert_eq!(
                thrice,
                twice,
                "{}: fixing is not idempotent",
                file.display()
            );
        }
    }
    assert!(checked > 50, "only {checked} inputs had fixes");
}
