//! NetworkPlan YAML of any bytes: read and checked, and the corrected plan checked again.
#![no_main]

use aksnet_core::SourceFile;
use aksnet_core::plan::check_plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let report = check_plan(&SourceFile::new("plan.yaml", text), 0);
    let _ = report.authorized(
        "203.0.113.7"
            .parse()
            .unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()),
    );
    // Every fix, the unsafe ones too: each corrected text must read again.
    if let Some(corrected) = report.corrected_with(text, aksnet_core::Applicability::Unsafe) {
        let _ = check_plan(&SourceFile::new("plan.yaml", corrected), 0);
    }
});
