//! What `aksnet` does to the files and streams it is given: `fix --write` never leaves a file
//! damaged or writes one it was not given, and reading never grows past the input bound or
//! waits for ever.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn aksnet() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aksnet"))
}

fn run(args: &[&OsStr]) -> Output {
    aksnet().args(args).stdin(Stdio::null()).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A Pod whose container lacks `allowPrivilegeEscalation: false`, which `fix --unsafe-fixes`
/// adds (it changes how the container runs, so it is an unsafe fix).
fn fixable(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  containers:\n  - name: app\n    image: app:1\n"
    )
}

const FIXED: &str = "allowPrivilegeEscalation: false";

#[test]
fn fix_write_replaces_the_file_whole_and_keeps_its_permissions() {
    let dir = scratch("fix-permissions");
    let file = dir.join("pod.yaml");
    std::fs::write(&file, fixable("web")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = run(&[
        "fix".as_ref(),
        "--write".as_ref(),
        "--unsafe-fixes".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&file).unwrap().contains(FIXED));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["pod.yaml"]);
}

/// A file size limit (as a full disk would) stops the write part way: the original stays whole.
#[test]
fn fix_write_interrupted_by_a_size_limit_leaves_the_file_as_it_was() {
    let dir = scratch("fix-size-limit");
    let file = dir.join("pod.yaml");
    let original = format!("{}{}", "# padding\n".repeat(400), fixable("web"));
    std::fs::write(&file, &original).unwrap();
    // `ulimit -f 2`: no file of this process may grow past 1 KiB (2 blocks of 512 bytes in
    // dash, 1,024 in bash; either is below the 4 KiB file), so the write fails part way.
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" fix --write --unsafe-fixes \"$1\"")
        .arg(env!("CARGO_BIN_EXE_aksnet"))
        .arg(&file)
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

/// `café.yaml` in Latin-1 is fixed under its own name, not written to `caf\u{fffd}.yaml`.
#[test]
fn fix_write_uses_file_names_that_are_not_utf8_as_given() {
    let dir = scratch("fix-latin1-name");
    let latin1 = dir.join(OsStr::from_bytes(b"caf\xe9.yaml"));
    let lossy = dir.join("caf\u{fffd}.yaml");
    std::fs::write(&latin1, fixable("cafe")).unwrap();
    std::fs::write(&lossy, fixable("other")).unwrap();
    let output = run(&[
        "fix".as_ref(),
        "--write".as_ref(),
        "--unsafe-fixes".as_ref(),
        latin1.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&latin1).unwrap().contains(FIXED));
    assert_eq!(std::fs::read_to_string(&lossy).unwrap(), fixable("other"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("fixed"));
}

#[test]
fn fix_write_refuses_a_file_that_is_not_utf8_and_fixes_the_others() {
    let dir = scratch("fix-latin1-text");
    let latin1 = dir.join("latin1.yaml");
    let mut bytes = b"# caf\xe9\n".to_vec();
    bytes.extend_from_slice(fixable("cafe").as_bytes());
    std::fs::write(&latin1, &bytes).unwrap();
    let clean = dir.join("web.yaml");
    std::fs::write(&clean, fixable("web")).unwrap();
    let output = run(&[
        "fix".as_ref(),
        "--write".as_ref(),
        "--unsafe-fixes".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2), "something was refused");
    assert_eq!(std::fs::read(&latin1).unwrap(), bytes);
    assert!(std::fs::read_to_string(&clean).unwrap().contains(FIXED));
    let message = stderr(&output);
    assert!(
        message.contains("not rewriting") && message.contains("latin1.yaml: byte 5 is not UTF-8"),
        "{message}"
    );
}

#[test]
fn fix_write_does_not_follow_links_out_of_a_directory() {
    let dir = scratch("fix-links");
    let outside = scratch("fix-links-outside");
    std::fs::write(outside.join("stray.yaml"), fixable("stray")).unwrap();
    std::os::unix::fs::symlink(outside.join("stray.yaml"), dir.join("out.yaml")).unwrap();
    std::fs::write(dir.join("web.yaml"), fixable("web")).unwrap();
    let output = run(&[
        "fix".as_ref(),
        "--write".as_ref(),
        "--unsafe-fixes".as_ref(),
        dir.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(outside.join("stray.yaml")).unwrap(),
        fixable("stray")
    );
    assert!(
        std::fs::symlink_metadata(dir.join("out.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn fix_write_refuses_standard_input() {
    let output = run(&[
        "fix".as_ref(),
        "--write".as_ref(),
        "--unsafe-fixes".as_ref(),
        "-".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot rewrite standard input"));
    assert!(output.stdout.is_empty());
}

/// The core's input bound (docs/limits.md).
const BOUND: usize = 32 * 1024 * 1024;

/// A device that never ends is refused before it is read.
#[test]
fn a_device_argument_is_refused() {
    let output = run(&["check".as_ref(), "/dev/zero".as_ref()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/dev/zero: not a regular file"));
}

/// A FIFO nobody writes to would block the open for ever: it is refused without opening it.
#[test]
fn a_fifo_argument_is_refused_without_waiting_for_a_writer() {
    let dir = scratch("fifo");
    let fifo = dir.join("manifests.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let output = run(&["check".as_ref(), fifo.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a regular file"));
    // Inside a directory it is not a manifest file, and is passed over.
    std::fs::write(
        dir.join("ns.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
    )
    .unwrap();
    let output = run(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Standard input is read up to one byte past the bound, then left: the writer of an endless
/// stream is cut off and the overrun is reported as `yaml-limit`.
#[test]
fn standard_input_is_read_up_to_the_bound() {
    let mut child = aksnet()
        .args(["check", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = b"# a stream far longer than the bound, which must not be read to its end\n";
        let mut written = 0;
        // 1 GB would follow; the write fails once aksnet has stopped reading and exits.
        while written < 1_000_000_000 {
            if input.write_all(line).is_err() {
                break;
            }
            written += line.len();
        }
        written
    });
    let output = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert!(written < 2 * BOUND, "{written} bytes were taken");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "yaml-limit");
}
