//! `service-tag-multiple`: more than one service tag among the authorized IP ranges.
//!
//! ## What it finds
//! A second service tag (such as `AzureCloud`) in `--api-server-authorized-ip-ranges`; reported
//! at the second.
//!
//! ## Why it matters
//! AKS accepts one service tag at most and refuses the setting.
//!
//! ## Fix
//! None: which tag to keep is the writer's choice.
//!
//! ## Source
//! AKS "Secure access to the API server using authorized IP address ranges": one service tag at most.

use super::{Report, authorized_ranges};
use crate::codes::Code;
use crate::plan::model::AuthorizedRange;
use crate::text;

pub(super) fn check(report: &mut Report<'_>) {
    let Some(ranges) = authorized_ranges(report.plan) else {
        return;
    };
    let tags: Vec<&AuthorizedRange> = ranges
        .iter()
        .filter(|r| matches!(r, AuthorizedRange::ServiceTag(_)))
        .collect();
    if let [_, second, ..] = tags.as_slice() {
        let names: Vec<String> = tags.iter().map(|t| t.text()).collect();
        report.add(
            Code::ServiceTagMultiple,
            second.span(),
            text!(
                "{0} service tags ({1}): only one service tag is allowed",
                "サービス タグが {0} 個あります ({1})。指定できるサービス タグは 1 つだけです",
                tags.len(),
                names.join(", ")
            ),
            &[],
            None,
        );
    }
}

#[cfg(test)]
fixture_pair_test!(check, ServiceTagMultiple, "service-tag-multiple", "yaml");
