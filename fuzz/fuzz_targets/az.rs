//! az command lines of any bytes: read and checked, and the corrected commands checked again.
//! An ignored `az` line goes first so that every input reads as commands, and the fuzzer spends
//! its time in the shell and az readers rather than in YAML.
#![no_main]

use aksnet_core::SourceFile;
use aksnet_core::plan::check_plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let text = format!("az group create\n{text}");
    let report = check_plan(&SourceFile::new("plan.sh", text.clone()), 0);
    // Every fix, the unsafe ones too: each corrected text must read again.
    if let Some(corrected) = report.corrected_with(&text, aksnet_core::Applicability::Unsafe) {
        let _ = check_plan(&SourceFile::new("plan.sh", corrected), 0);
    }
});
