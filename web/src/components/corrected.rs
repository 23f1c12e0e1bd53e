//! The corrected text beside the original, line differences marked, with copy and download.

use similar::{DiffTag, TextDiff};
use wasm_bindgen::JsCast;
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
    // Long unchanged stretches are folded to their first and last lines unless asked otherwise.
    let expanded = use_state(|| false);
    let toggle_expanded = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    // What was copied or downloaded is not what is shown once the text changes.
    use_effect_with(props.corrected.clone(), {
        let outcome = outcome.clone();
        move |_| outcome.set(None)
    });
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
    let grid = use_node_ref();
    {
        let grid = grid.clone();
        use_effect(move || place_rows(&grid));
    }
    html! {
        <div class="corrected-view">
            <div class="corrected-actions">
                <button data-testid="copy-corrected" aria-label={t.copy_corrected_label} onclick={copy}>{ t.copy }</button>
                <button data-testid="download-corrected" aria-label={t.download_label.replace("{file}", props.file_name)}
                    onclick={download}>{ t.download }{ " " }<code>{ props.file_name }</code></button>
                <button data-testid="diff-expand" aria-pressed={expanded.to_string()} onclick={toggle_expanded}>
                    { t.show_every_line }
                </button>
                <span class="outcome" role="status" data-testid="corrected-outcome">{ message }</span>
            </div>
            <p class="diff-legend">
                <span class="diff-mark removed" aria-hidden="true">{ REMOVED_MARK }</span>{ " " }{ t.line_removed }
                <span class="diff-mark added" aria-hidden="true">{ ADDED_MARK }</span>{ " " }{ t.line_added }
                <span class="diff-summary" data-testid="diff-summary">{ summary }</span>
            </p>
            <div class={classes!("diff", expanded.then_some("expanded"))} role="group" aria-label={t.diff_label} ref={grid.clone()}>
                <span class="diff-head original" aria-hidden="true">{ t.original }</span>
                <span class="diff-head corrected" aria-hidden="true">{ t.corrected }</span>
                <pre class="diff-side original" aria-label={t.original}>
                    { for diff.original.iter().map(|stretch| stretch_html(stretch, t)) }
                </pre>
                <pre class="diff-side corrected" data-testid={props.testid} aria-label={t.corrected}>
                    { for diff.corrected.iter().map(|stretch| stretch_html(stretch, t)) }
                </pre>
            </div>
        </div>
    }
}

/// Puts each stretch in its grid row. The rows go through the CSSOM, not style attributes: the
/// page's Content Security Policy forbids inline styles.
fn place_rows(grid: &NodeRef) {
    let Some(grid) = grid.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(stretches) = grid.query_selector_all(".stretch[data-row]") else {
        return;
    };
    for index in 0..stretches.length() {
        let Some(stretch) = stretches
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let style = stretch.style();
        for (attribute, property) in [("data-row", "--row"), ("data-unified-row", "--unified-row")]
        {
            if let Some(value) = stretch.get_attribute(attribute) {
                let _ = style.set_property(property, &value);
            }
        }
    }
}

const REMOVED_MARK: &str = "−";
const ADDED_MARK: &str = "+";

/// One stretch in its grid row. Changed lines are one element each, so each gets its mark (drawn
/// by CSS, so the side's text stays exactly the text) and a `title` saying in words what the mark
/// means; an unchanged stretch is a single text, which keeps long files light.
fn stretch_html(stretch: &Stretch, t: &crate::i18n::Text) -> Html {
    let row = stretch.row.to_string();
    let unified = stretch.unified_row.map(|r| r.to_string());
    let (class, title) = match stretch.kind {
        StretchKind::Same => {
            let Some(fold) = fold(&stretch.text) else {
                return html! { <span class="stretch same" data-row={row} data-unified-row={unified}>{ &stretch.text }</span> };
            };
            // The mark's words are drawn by CSS from `data-label`: they are not part of the text.
            let label = t
                .unchanged_lines
                .replace("{count}", &fold.lines.to_string());
            return html! {
                <span class="stretch same" data-row={row} data-unified-row={unified}>
                    { fold.head }
                    <span class="fold"><span class="fold-mark" data-label={label}></span><span class="fold-text">{ fold.middle }</span></span>
                    { fold.tail }
                </span>
            };
        }
        StretchKind::Filler => {
            return html! { <span class="stretch filler" data-row={row} data-unified-row={unified} aria-hidden="true"></span> };
        }
        StretchKind::Removed => ("removed", t.line_removed),
        StretchKind::Added => ("added", t.line_added),
    };
    html! {
        <span class={classes!("stretch", class)} data-row={row} data-unified-row={unified}>
            { for stretch.text.split_inclusive('\n').map(|line| html! {
                <span class="line" {title}>{ line }</span>
            }) }
        </span>
    }
}

/// Lines kept in view on each side of a folded stretch.
const CONTEXT_LINES: usize = 3;

/// An unchanged stretch cut into the lines kept in view and the `lines` folded between them.
#[derive(Debug, PartialEq, Eq)]
pub struct Fold<'t> {
    pub head: &'t str,
    pub middle: &'t str,
    pub tail: &'t str,
    pub lines: usize,
}

/// `None` when folding would hide too little to be worth it.
pub fn fold(text: &str) -> Option<Fold<'_>> {
    // Where each line starts, the first excepted.
    let starts: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| i < text.len())
        .collect();
    let lines = starts.len() + 1;
    if lines <= 2 * CONTEXT_LINES + 1 {
        return None;
    }
    let middle_start = *starts.get(CONTEXT_LINES - 1)?;
    let tail_start = *starts.get(lines - CONTEXT_LINES - 1)?;
    Some(Fold {
        head: text.get(..middle_start)?,
        middle: text.get(middle_start..tail_start)?,
        tail: text.get(tail_start..)?,
        lines: lines - 2 * CONTEXT_LINES,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StretchKind {
    Same,
    /// Only in the original.
    Removed,
    /// Only in the corrected text.
    Added,
    /// The empty side facing lines only the other side has.
    Filler,
}

/// Consecutive lines of one side that the diff treats alike, and where they go: `row` in the
/// side-by-side grid (both sides of one diff operation share it), `unified_row` in the one column
/// of narrow screens (`None`: not shown there, as the corrected side shows unchanged lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stretch {
    /// With its line breaks, so that a side's stretches put together are its text.
    pub text: String,
    pub kind: StretchKind,
    pub row: usize,
    pub unified_row: Option<usize>,
}

/// Both sides of a line diff, laid out for display.
#[derive(Debug, PartialEq, Eq)]
pub struct LineDiff {
    pub original: Vec<Stretch>,
    pub corrected: Vec<Stretch>,
    /// Lines.
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
        let mut unified_row = FIRST_ROW;
        for (row, op) in (FIRST_ROW..).zip(diff.ops()) {
            let before = old.get(op.old_range()).unwrap_or_default();
            let after = new.get(op.new_range()).unwrap_or_default();
            let stretch = |lines: &[&str], kind, unified_row| Stretch {
                text: lines.concat(),
                kind,
                row,
                unified_row,
            };
            if op.tag() == DiffTag::Equal {
                out.original.push(stretch(before, StretchKind::Same, None));
                out.corrected
                    .push(stretch(after, StretchKind::Same, Some(unified_row)));
                unified_row += 1;
                continue;
            }
            // Removed lines come first in the unified column, then the lines that replace them.
            out.original.push(if before.is_empty() {
                stretch(&[], StretchKind::Filler, None)
            } else {
                unified_row += 1;
                stretch(before, StretchKind::Removed, Some(unified_row - 1))
            });
            out.corrected.push(if after.is_empty() {
                stretch(&[], StretchKind::Filler, None)
            } else {
                unified_row += 1;
                stretch(after, StretchKind::Added, Some(unified_row - 1))
            });
            out.removed += before.len();
            out.added += after.len();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(stretches: &[Stretch]) -> Vec<(StretchKind, &str, usize, Option<usize>)> {
        stretches
            .iter()
            .map(|s| (s.kind, s.text.as_str(), s.row, s.unified_row))
            .collect()
    }

    fn text(stretches: &[Stretch]) -> String {
        stretches.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn a_changed_line_faces_its_replacement_and_unified_order_puts_removed_first() {
        use StretchKind::{Added, Removed, Same};
        let diff = LineDiff::new("a\nb\nc\nd\n", "a\nB\nc\nd\n");
        assert_eq!(
            side(&diff.original),
            [
                (Same, "a\n", 2, None),
                (Removed, "b\n", 3, Some(3)),
                (Same, "c\nd\n", 4, None)
            ]
        );
        assert_eq!(
            side(&diff.corrected),
            [
                (Same, "a\n", 2, Some(2)),
                (Added, "B\n", 3, Some(4)),
                (Same, "c\nd\n", 4, Some(5))
            ]
        );
        assert_eq!((diff.removed, diff.added), (1, 1));
    }

    #[test]
    fn fillers_face_lines_only_one_side_has_and_each_side_is_exactly_its_text() {
        use StretchKind::{Added, Filler, Same};
        // One line added in the middle, two at the end after a line without a final line break.
        let original = "az aks create \\\n    --node-count 1\nfi";
        let corrected =
            "az aks create \\\n    --service-cidr 172.16.0.0/16 \\\n    --node-count 1\nfi\nx\ny";
        let diff = LineDiff::new(original, corrected);
        assert_eq!(text(&diff.original), original);
        assert_eq!(text(&diff.corrected), corrected);
        let kinds = |side: &[Stretch]| side.iter().map(|s| (s.kind, s.row)).collect::<Vec<_>>();
        assert_eq!(
            kinds(&diff.corrected),
            [(Same, 2), (Added, 3), (Same, 4), (Added, 5)]
        );
        assert_eq!(kinds(&diff.original)[1], (Filler, 3));
        assert_eq!((diff.removed, diff.added), (1, 4));
    }

    #[test]
    fn long_unchanged_stretches_fold_to_their_first_and_last_lines() {
        let folded = fold("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n").unwrap();
        assert_eq!(
            folded,
            Fold {
                head: "1\n2\n3\n",
                middle: "4\n5\n6\n7\n",
                tail: "8\n9\n10\n",
                lines: 4
            }
        );
        // Without a final line break, and at the shortest stretch worth folding.
        assert_eq!(fold("1\n2\n3\n4\n5\n6\n7\n8").unwrap().middle, "4\n5\n");
        assert_eq!(fold("1\n2\n3\n4\n5\n6\n7\n"), None);
    }

    #[test]
    fn identical_texts_are_one_unmarked_stretch() {
        let diff = LineDiff::new("a\nb\n", "a\nb\n");
        assert_eq!((diff.removed, diff.added), (0, 0));
        assert_eq!(
            side(&diff.corrected),
            [(StretchKind::Same, "a\nb\n", 2, Some(2))]
        );
    }
}
