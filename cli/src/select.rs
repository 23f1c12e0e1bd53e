//! `--select` and `--ignore`: which finding codes a run reports, by code prefix, resolved as ruff
//! resolves its rule selectors. For each code the most specific (longest) matching prefix
//! decides: `--select np- --ignore np-split` drops `np-split-peer`, `--ignore np- --select
//! np-split-peer` keeps it, and a prefix given to both ignores. Without `--select`, every code is
//! selected.

use aksnet_core::{Code, Finding};
use clap::Args;

/// The selection options of `check` and `plan`.
#[derive(Clone, Debug, Default, Args)]
pub struct Selection {
    /// Report only findings whose code starts with one of these prefixes (comma-separated,
    /// repeatable), such as `np-,plan-`
    #[arg(long, value_name = "PREFIX,...", value_delimiter = ',', value_parser = parse_prefix)]
    pub select: Vec<String>,
    /// Leave out findings whose code starts with one of these prefixes (comma-separated,
    /// repeatable), such as `pod-`; a longer `--select` prefix wins over a shorter `--ignore`
    #[arg(long, value_name = "PREFIX,...", value_delimiter = ',', value_parser = parse_prefix)]
    pub ignore: Vec<String>,
}

impl Selection {
    /// Whether findings of `code` are reported.
    pub fn selects(&self, code: Code) -> bool {
        let longest = |prefixes: &[String]| {
            prefixes
                .iter()
                .filter(|p| code.as_str().starts_with(p.as_str()))
                .map(String::len)
                .max()
        };
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            longest(&self.select)
        };
        match (selected, longest(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(select), Some(ignore)) => select > ignore,
        }
    }

    /// Keeps the selected findings of `findings`.
    pub fn retain(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.selects(f.code));
    }
}

/// A prefix must start at least one code: a typo would otherwise select or ignore nothing in
/// silence. The error names the code nearest to it.
fn parse_prefix(text: &str) -> Result<String, String> {
    let prefix = text.trim();
    if Code::ALL.iter().any(|c| c.as_str().starts_with(prefix)) && !prefix.is_empty() {
        return Ok(prefix.to_owned());
    }
    let nearest = Code::nearest_to_prefix(prefix).map_or("", Code::as_str);
    Err(format!(
        "no finding code starts with `{prefix}`; the nearest code is `{nearest}` (see docs/rules/README.md)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: &[&str], ignore: &[&str]) -> Selection {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        Selection {
            select: owned(select),
            ignore: owned(ignore),
        }
    }

    #[test]
    fn the_most_specific_prefix_decides() {
        let all = selection(&[], &[]);
        assert!(Code::ALL.iter().all(|&c| all.selects(c)));
        let no_pods = selection(&[], &["pod-"]);
        assert!(!no_pods.selects(Code::PodRunsAsRoot));
        assert!(no_pods.selects(Code::NpSplitPeer));
        // A prefix is a prefix: the planner's `pod-cidr-*` codes start with `pod-` too.
        assert!(!no_pods.selects(Code::PodCidrTooSmall));
        assert!(selection(&["pod-cidr"], &["pod-"]).selects(Code::PodCidrTooSmall));
        let only_np = selection(&["np-"], &[]);
        assert!(only_np.selects(Code::NpSplitPeer));
        assert!(!only_np.selects(Code::PodRunsAsRoot));
        // Ignore wins over a less specific select...
        let np_but_split = selection(&["np-"], &["np-split"]);
        assert!(!np_but_split.selects(Code::NpSplitPeer));
        assert!(np_but_split.selects(Code::NpNoDefaultDeny));
        // ...a more specific select over a less specific ignore...
        let split_only = selection(&["np-split-peer"], &["np-"]);
        assert!(split_only.selects(Code::NpSplitPeer));
        assert!(!split_only.selects(Code::NpNoDefaultDeny));
        // ...and the same prefix in both ignores.
        assert!(!selection(&["np-"], &["np-"]).selects(Code::NpSplitPeer));
    }

    #[test]
    fn an_unknown_prefix_names_the_nearest_code() {
        assert_eq!(parse_prefix("pod-").as_deref(), Ok("pod-"));
        let error = parse_prefix("np-split-per").unwrap_err();
        assert!(error.contains("`np-split-peer`"), "{error}");
        let error = parse_prefix("pdo-").unwrap_err();
        assert!(error.contains("nearest code is `pod-"), "{error}");
        assert!(parse_prefix("").is_err());
    }
}
