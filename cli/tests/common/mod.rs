//! What the tests of the `aksnet` binary share: where the repository is, and running the binary
//! there as a script or a grader would.
// Each test file is a crate of its own and uses a part of this.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository's root: the fixtures' paths are relative to it.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `aksnet ARGS` in the repository's root with nothing on standard input.
pub fn aksnet(args: &[&str]) -> Output {
    aksnet_with(args, "")
}

/// Runs `aksnet ARGS` in the repository's root with `stdin` as its standard input.
pub fn aksnet_with(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aksnet"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A run that stops before reading its input (a usage error) closes the pipe: not a failure.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}
