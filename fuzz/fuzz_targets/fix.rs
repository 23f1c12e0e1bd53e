//! Fixing any manifest text: the fixed text has no more syntax errors than the input, and after
//! a second round (for fixes left out because they overlapped) fixing changes nothing. The
//! property is `aksnet_core::fix_property::check`, which core/tests/fix_properties.rs checks on
//! every fixture too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(broken) = aksnet_core::fix_property::check(text) {
        panic!("{broken}");
    }
});
