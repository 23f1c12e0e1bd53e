//! The rule pages are tested, as ruff tests its rule docs: every block under a page's Example
//! heading raises the page's code, and every block under its Fixed heading does not. A block's
//! fence says what it is: `bash`/`powershell` blocks are az command lines and `yaml` blocks that
//! hold a `kind: NetworkPlan` document are address plans (both go through the plan checker);
//! other `yaml` blocks are manifests (through `analyze`). An input too long for a page is
//! written with an elision line, `# ... N more lines like the one above ...`, which stands for N
//! copies of the line above it (az-limit's 100 KiB of commands). A plan block followed, under
//! the same heading, by a manifests block is checked with them (`check_plan_with`, the
//! NetworkPolicies the manifests hold): the pair is one input, as `aksnet plan --manifests`
//! reads it (network-policy-none). The Japanese pages (docs/rules/ja/) are
//! run as well: their blocks are the English ones today, and this keeps them working if they
//! ever differ. A `yaml` block with the comment line `# aksnet: --engine azure --migrate-to
//! cilium` is checked with that migration, as `aksnet check` does with those flags.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aksnet_core::plan::{PolicyRef, check_plan, check_plan_with, is_plan};
use aksnet_core::{Code, Finding, Lang, SourceFile, analyze, rules};

/// The two headings in each language.
const EXAMPLE: [&str; 2] = ["## Example", "## 例"];
const FIXED: [&str; 2] = ["## Fixed", "## 修正後"];

/// One fenced block of a page: its section heading, fence language and text.
struct Block<'a> {
    section: &'a str,
    language: &'a str,
    text: String,
}

/// The fenced blocks of `page` with the `##` heading they sit under.
fn blocks(page: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut section = "";
    let mut open: Option<(&str, String)> = None;
    for line in page.lines() {
        if let Some((language, text)) = &mut open {
            if line.starts_with("```") {
                out.push(Block {
                    section,
                    language,
                    text: std::mem::take(text),
                });
                open = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if let Some(language) = line.strip_prefix("```") {
            open = Some((language.trim(), String::new()));
        } else if line.starts_with("## ") {
            section = line.trim_end();
        }
    }
    assert!(open.is_none(), "a code block is not closed");
    out
}

/// `text` with each elision line `# ... N more lines like the one above ...` replaced by N
/// copies of the line above it (N may be written with thousands separators).
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut previous = "";
    for line in text.lines() {
        let count = line
            .trim()
            .strip_prefix("# ... ")
            .and_then(|rest| rest.strip_suffix(" more lines like the one above ..."))
            .map(|n| {
                n.replace(',', "")
                    .parse::<usize>()
                    .expect("a count of lines")
            });
        match count {
            Some(n) => out.push_str(&format!("{previous}\n").repeat(n)),
            None => {
                out.push_str(line);
                out.push('\n');
                previous = line;
            }
        }
    }
    out
}

/// Whether `block` is a plan, in either form.
fn is_plan_block(block: &Block) -> bool {
    matches!(block.language, "bash" | "sh" | "powershell")
        || (block.language == "yaml" && is_plan(&block.text))
}

/// What the core finds in the plan `block` checked with the manifests `manifests`.
fn findings_with(block: &Block, manifests: &Block) -> Vec<Finding> {
    let analysis = analyze(&[SourceFile::new("manifests", manifests.text.as_str())]);
    let policies = PolicyRef::all_in(&analysis);
    let text = expand(&block.text);
    check_plan_with(&SourceFile::new("page", text.as_str()), 0, &policies).findings
}

/// What the core finds in `block`, through the checker its fence names.
fn findings(block: &Block) -> Vec<Finding> {
    let text = expand(&block.text);
    let source = SourceFile::new("page", text.as_str());
    match block.language {
        "bash" | "sh" | "powershell" => check_plan(&source, 0).findings,
        "yaml" if is_plan(&text) => check_plan(&source, 0).findings,
        // A block that asks for a migration (`# aksnet: --engine azure --migrate-to cilium`)
        // gets the migration's findings too.
        "yaml" => common::check_findings(std::slice::from_ref(&source)),
        other => panic!("a block of language {other:?}: say `yaml`, `bash` or `powershell`"),
    }
}

fn page_path(code: Code, lang: Lang) -> String {
    match lang {
        Lang::En => format!("docs/rules/{code}.md"),
        Lang::Ja => format!("docs/rules/ja/{code}.md"),
    }
}

/// Every problem of every page in `lang`, so that one run lists them all.
fn problems(lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let path = page_path(code, lang);
        let Some(page) = rules::doc_in(code, lang) else {
            problems.push(format!("{path} is missing"));
            continue;
        };
        let blocks = blocks(page);
        let (mut examples, mut fixed) = (0, 0);
        let mut paired = None;
        for (index, block) in blocks.iter().enumerate() {
            let is_example = EXAMPLE.contains(&block.section);
            let is_fixed = FIXED.contains(&block.section);
            if (!is_example && !is_fixed) || paired == Some(index) {
                continue;
            }
            let manifests = blocks.get(index + 1).filter(|next| {
                is_plan_block(block)
                    && next.section == block.section
                    && next.language == "yaml"
                    && !is_plan(&next.text)
            });
            let found = match manifests {
                Some(manifests) => {
                    paired = Some(index + 1);
                    findings_with(block, manifests)
                }
                None => findings(block),
            };
            let raised: Vec<String> = found
                .iter()
                .map(|f| format!("{}:{} {}", f.position.line, f.position.column, f.code))
                .collect();
            let has_code = raised.iter().any(|f| f.ends_with(&format!(" {code}")));
            let what = format!("{path}: block {} ({})", index + 1, block.language);
            if is_example {
                examples += 1;
                if !has_code {
                    problems.push(format!(
                        "{what} under Example does not raise {code}; it raises {raised:?}"
                    ));
                }
            } else {
                fixed += 1;
                if has_code {
                    problems.push(format!(
                        "{what} under Fixed still raises {code}: {raised:?}"
                    ));
                }
            }
        }
        if examples == 0 || fixed == 0 {
            problems.push(format!(
                "{path} has {examples} Example and {fixed} Fixed blocks: it needs a pair"
            ));
        }
    }
    problems
}

#[test]
fn every_example_raises_its_code_and_every_fixed_block_does_not() {
    let problems = problems(Lang::En);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_japanese_pages_examples_too() {
    let problems = problems(Lang::Ja);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn blocks_are_read_with_their_section_and_language() {
    let page = "# x\n\n## Example\n```yaml\na: 1\n```\ntext\n```bash\naz x\n```\n## 修正後\n```powershell\naz y\n```\n";
    let read: Vec<(&str, &str, String)> = blocks(page)
        .into_iter()
        .map(|b| (b.section, b.language, b.text))
        .collect();
    assert_eq!(
        read,
        [
            ("## Example", "yaml", "a: 1\n".to_owned()),
            ("## Example", "bash", "az x\n".to_owned()),
            ("## 修正後", "powershell", "az y\n".to_owned()),
        ]
    );
}

#[test]
fn an_elision_line_stands_for_copies_of_the_line_above() {
    assert_eq!(
        expand("az a\n# ... 1,002 more lines like the one above ...\naz b\n")
            .lines()
            .filter(|l| *l == "az a")
            .count(),
        1003
    );
    assert_eq!(expand("a\n# ... more\n"), "a\n# ... more\n");
}
