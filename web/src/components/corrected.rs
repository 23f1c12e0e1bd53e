//! The corrected text beside the original, line differences marked, with copy and download.

use similar::{DiffTag, TextDiff};
use yew::prelude::*;

use crate::browser;
use crate::state::AppContext;

#[derive(Properties, PartialEq)]
pub struct CorrectedProps {
    /// The editor's text.
    pub original: AttrValue,
    /// The text with every fix applied.
    pub corrected: AttrValue,
    /// The hook on the element whose text is exactly `corrected`: `corrected-yaml` or
    /// `corrected-az`.
    pub testid: &'static str,
    /// The download's file name, such as `manifests.fixed.yaml`.
    pub file_name: &'static str,
}

/// What the last copy or download came to, said in a live region.
#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Copied,
    CopyRefused,
    DownloadRefused,
}

/// The original and corrected text side by side (one unified column on narrow screens, by CSS),
/// with a copy and a download button.
#[function_component(Corrected)]
pub fn corrected(props: &CorrectedProps) -> Html {
    let state =
        use_context::<AppContext>().expect("Corrected is rendered inside the AppContext provider");
    let t = state.lang.text();
    let diff = use_memo(
        (props.original.clone(), props.corrected.clone()),
        |(original, corrected)| LineDiff::new(original, corrected),
    );
    let outcome = use_state(|| None::<Outcome>);
    let copy = {
        let (outcome, text) = (outcome.clone(), props.corrected.clone());
        Callback::from(move |_| {
            let (outcome, text) = (outcome.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let copied = browser::copy_text(&text).await;
                outcome.set(Some(if copied {
                    Outcome::Copied
                } else {
                    Outcome::CopyRefused
                }));
            });
        })
    };
    let download = {
        let (outcome, text, file_name) =
            (outcome.clone(), props.corrected.clone(), props.file_name);
        Callback::from(move |_| {
            let saved = browser::download(file_name, &text);
            outcome.set((!saved).then_some(Outcome::DownloadRefused));
        })
    };
    let message = match *outcome {
        Some(Outcome::Copied) => t.copied,
        Some(Outcome::CopyRefused) => t.copy_refused,
        Some(Outcome::DownloadRefused) => t.download_refused,
        None => "",
    };
    let summary = t
        .diff_summary
        .replace("{removed}", &diff.removed.to_string())
        .replace("{added}", &diff.added.to_string());
    html! {
        <div class="corrected-view">
            <div class="corrected-actions">
                <button data-testid="copy-corrected" aria-label={t.copy_corrected_label} onclick={copy}>{ t.copy }</button>
                <button data-testid="download-corrected" aria-label={t.download_label.replace("{file}", props.file_name)}
                    onclick={download}>{ t.download }{ " " }<code>{ props.file_name }</code></button>
                <span class="outcome" role="status" data-testid="corrected-outcome">{ message }</span>
            </div>
            <p class="diff-legend">
                <span class="diff-mark removed" aria-hidden="true">{ REMOVED_MARK }</span>{ " " }{ t.line_removed }
                <span class="diff-mark added" aria-hidden="true">{ ADDED_MARK }</span>{ " " }{ t.line_added }
                <span class="diff-summary" data-testid="diff-summary">{ summary }</span>
            </p>
            <div class="diff" role="group" aria-label={t.diff_label}>
                <span class="diff-head original" aria-hidden="true">{ t.original }</span>
                <span class="diff-head corrected" aria-hidden="true">{ t.corrected }</span>
                <pre class="diff-side original" aria-label={t.original}>
                    { for diff.original.iter().map(|line| line_html(line, t)) }
                </pre>
                <pre class="diff-side corrected" data-testid={props.testid} aria-label={t.corrected}>
                    { for diff.corrected.iter().map(|line| line_html(line, t)) }
                </pre>
            </div>
        </div>
    }
}

const REMOVED_MARK: &str = "−";
const ADDED_MARK: &str = "+";

/// One line in its grid row. The mark is drawn by CSS so the side's text stays exactly the text;
/// `title` says in words what the mark means.
fn line_html(line: &DiffLine, t: &crate::i18n::Text) -> Html {
    let (class, title) = match line.kind {
        LineKind::Same => ("same", None),
        LineKind::Removed => ("removed", Some(t.line_removed)),
        LineKind::Added => ("added", Some(t.line_added)),
        LineKind::Filler => ("filler", None),
    };
    let style = match line.unified_row {
        Some(unified) => format!("--row:{};--unified-row:{unified}", line.row),
        None => format!("--row:{}", line.row),
    };
    html! {
        <span class={classes!("line", class)} {style} {title}
            aria-hidden={(line.kind == LineKind::Filler).then_some("true")}>{ &line.text }</span>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Same,
    /// Only in the original.
    Removed,
    /// Only in the corrected text.
    Added,
    /// An empty place that keeps the two sides' rows aligned.
    Filler,
}

/// A line and where it goes: `row` in the side-by-side grid, `unified_row` in the one column of
/// narrow screens (`None`: not shown there, as the corrected side shows unchanged lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    /// With its line break, so that a side's lines put together are its text.
    pub text: String,
    pub kind: LineKind,
    pub row: usize,
    pub unified_row: Option<usize>,
}

/// Both sides of a line diff, laid out for display.
#[derive(Debug, PartialEq, Eq)]
pub struct LineDiff {
    pub original: Vec<DiffLine>,
    pub corrected: Vec<DiffLine>,
    pub removed: usize,
    pub added: usize,
}

impl LineDiff {
    /// Rows start at 2: the grid's first row holds the column heads.
    pub fn new(original: &str, corrected: &str) -> LineDiff {
        const FIRST_ROW: usize = 2;
        let diff = TextDiff::from_lines(original, corrected);
        let (old, new) = (diff.old_slices(), diff.new_slices());
        let mut out = LineDiff {
            original: Vec::new(),
            corrected: Vec::new(),
            removed: 0,
            added: 0,
        };
        let (mut row, mut unified_row) = (FIRST_ROW, FIRST_ROW);
        for op in diff.ops() {
            let removed: Vec<&str> = old.get(op.old_range()).unwrap_or_default().to_vec();
            let added: Vec<&str> = new.get(op.new_range()).unwrap_or_default().to_vec();
            if op.tag() == DiffTag::Equal {
                for (before, after) in removed.iter().zip(&added) {
                    out.original
                        .push(DiffLine::new(before, LineKind::Same, row, None));
                    out.corrected.push(DiffLine::new(
                        after,
                        LineKind::Same,
                        row,
                        Some(unified_row),
                    ));
                    row += 1;
                    unified_row += 1;
                }
                continue;
            }
            // A changed stretch: removed lines face added ones, fillers even out the shorter side.
            for offset in 0..removed.len().max(added.len()) {
                let place = row + offset;
                out.original.push(match removed.get(offset) {
                    Some(line) => {
                        DiffLine::new(line, LineKind::Removed, place, Some(unified_row + offset))
                    }
                    None => DiffLine::new("", LineKind::Filler, place, None),
                });
                out.corrected.push(match added.get(offset) {
                    Some(line) => DiffLine::new(
                        line,
                        LineKind::Added,
                        place,
                        Some(unified_row + removed.len() + offset),
                    ),
                    None => DiffLine::new("", LineKind::Filler, place, None),
                });
            }
            row += removed.len().max(added.len());
            unified_row += removed.len() + added.len();
            out.removed += removed.len();
            out.added += added.len();
        }
        out
    }
}

impl DiffLine {
    fn new(text: &str, kind: LineKind, row: usize, unified_row: Option<usize>) -> DiffLine {
        DiffLine {
            text: text.to_owned(),
            kind,
            row,
            unified_row,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(lines: &[DiffLine]) -> Vec<(LineKind, &str, usize, Option<usize>)> {
        lines
            .iter()
            .map(|l| (l.kind, l.text.as_str(), l.row, l.unified_row))
            .collect()
    }

    fn text(lines: &[DiffLine]) -> String {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn a_changed_line_faces_its_replacement_and_unified_order_puts_removed_first() {
        use LineKind::{Added, Removed, Same};
        let diff = LineDiff::new("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            side(&diff.original),
            [
                (Same, "a\n", 2, None),
                (Removed, "b\n", 3, Some(3)),
                (Same, "c\n", 4, None)
            ]
        );
        assert_eq!(
            side(&diff.corrected),
            [
                (Same, "a\n", 2, Some(2)),
                (Added, "B\n", 3, Some(4)),
                (Same, "c\n", 4, Some(5))
            ]
        );
        assert_eq!((diff.removed, diff.added), (1, 1));
    }

    #[test]
    fn fillers_keep_rows_aligned_and_each_side_is_exactly_its_text() {
        // The docs' az script: one flag appended to a line, and two lines added at the end
        // without a final line break.
        let original = "az aks create \\\n    --node-count 1\nfi";
        let corrected =
            "az aks create \\\n    --node-count 1 --service-cidr 172.16.0.0/16\nfi\nx\ny";
        let diff = LineDiff::new(original, corrected);
        assert_eq!(text(&diff.original), original);
        assert_eq!(text(&diff.corrected), corrected);
        assert_eq!(diff.original.len(), diff.corrected.len());
        for (left, right) in diff.original.iter().zip(&diff.corrected) {
            assert_eq!(left.row, right.row);
        }
        let fillers = diff
            .original
            .iter()
            .filter(|l| l.kind == LineKind::Filler)
            .count();
        assert_eq!(fillers, 2);
        assert_eq!((diff.removed, diff.added), (2, 4));
    }

    #[test]
    fn identical_texts_have_no_marks() {
        let diff = LineDiff::new("a\nb\n", "a\nb\n");
        assert_eq!((diff.removed, diff.added), (0, 0));
        assert!(
            diff.original
                .iter()
                .chain(&diff.corrected)
                .all(|l| l.kind == LineKind::Same)
        );
    }
}
