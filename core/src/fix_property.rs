//! The property every fix must keep, checked in one place for the tests
//! (core/tests/fix_properties.rs) and the fuzz target (fuzz/fuzz_targets/fix.rs): fixing never
//! breaks the YAML, and fixing is idempotent. Not part of the API.

use crate::codes::Code;
use crate::fix::Applicability;
use crate::manifest::SourceFile;

/// `text` with every fix, unsafe ones included, applied once.
pub fn fix_once(text: &str) -> String {
    let sources = [SourceFile::new("m.yaml", text)];
    crate::analyze(&sources)
        .fixed_text(0, Applicability::Unsafe)
        .unwrap_or_else(|| text.to_owned())
}

/// How many syntax errors (`yaml-syntax`, `yaml-duplicate-key`) `text` has.
pub fn syntax_errors(text: &str) -> usize {
    crate::analyze(&[SourceFile::new("m.yaml", text)])
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::YamlSyntax | Code::YamlDuplicateKey))
        .count()
}

/// Checks fixing `text`: the fixed text has no more syntax errors than `text`, and after a second
/// round (for fixes left out because they overlapped another) fixing changes nothing. `Ok(true)`
/// when fixes changed the text, `Ok(false)` when there was nothing to fix, and `Err` saying what
/// broke.
pub fn check(text: &str) -> Result<bool, String> {
    let fixed = fix_once(text);
    if fixed == text {
        return Ok(false);
    }
    if syntax_errors(&fixed) > syntax_errors(text) {
        return Err(format!(
            "fixing breaks the YAML:\n--- input\n{text}\n--- fixed\n{fixed}"
        ));
    }
    let twice = fix_once(&fixed);
    let thrice = fix_once(&twice);
    if thrice != twice {
        return Err(format!(
            "fixing is not idempotent:\n--- input\n{text}\n--- fixed twice\n{twice}\n--- thrice\n{thrice}"
        ));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixable_input_is_checked_and_a_clean_one_is_not() {
        let split = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n";
        assert_eq!(check(split), Ok(true));
        assert_eq!(check("a: 1\n"), Ok(false));
        assert_eq!(syntax_errors("a: [\n"), 1);
    }
}
