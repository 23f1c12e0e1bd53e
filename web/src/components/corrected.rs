//! The corrected text beside the original, line differences marked, with copy and download.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use aksnet_core::FlowPort;

use crate::analysis::{FixEffect, UnsafeFixView};
use crate::browser;
use crate::diff::{LineDiff, Stretch, StretchKind};
use crate::state::ViewContext;

#[derive(Properties, PartialEq)]
pub struct CorrectedProps {
    /// The text the fixes were computed on.
    pub original: AttrValue,
    /// The text with every fix applied: what is copied and downloaded.
    pub corrected: AttrValue,
    /// `LineDiff::new(original, corrected)`, computed wherever the texts are (the Policies
    /// tab's off the page's thread).
    pub diff: Rc<LineDiff>,
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
    let view = use_context::<ViewContext>()
        .expect("Corrected is rendered inside the ViewContext provider");
    let t = view.lang.text();
    let diff = &props.diff;
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
    // The rows each stretch element was given. Yew keeps the elements across redraws, and with
    // them their rows: only the stretches whose rows changed are placed again.
    let placed = use_mut_ref(Vec::new);
    {
        let grid = grid.clone();
        use_effect_with(rows(diff), move |rows| {
            place_rows(&grid, rows, &mut placed.borrow_mut());
        });
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
                    { for diff.original.iter().map(|stretch| stretch_html(stretch, &props.original, t)) }
                </pre>
                <pre class="diff-side corrected" data-testid={props.testid} aria-label={t.corrected}>
                    { for diff.corrected.iter().map(|stretch| stretch_html(stretch, &props.corrected, t)) }
                </pre>
            </div>
        </div>
    }
}

/// The rows of every stretch, both sides in order.
fn rows(diff: &LineDiff) -> Vec<(usize, Option<usize>)> {
    diff.original
        .iter()
        .chain(&diff.corrected)
        .map(|stretch| (stretch.row, stretch.unified_row))
        .collect()
}

/// Puts each stretch in its grid row, `rows` in document order (as [`rows`] lists them), except
/// those `placed` already has there. The rows go through the CSSOM, not style attributes: the
/// page's Content Security Policy forbids inline styles.
fn place_rows(
    grid: &NodeRef,
    rows: &[(usize, Option<usize>)],
    placed: &mut Vec<(usize, Option<usize>)>,
) {
    let Some(grid) = grid.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(stretches) = grid.query_selector_all(".stretch[data-row]") else {
        return;
    };
    for (index, &(row, unified_row)) in (0..stretches.length()).zip(rows) {
        let Some(stretch) = placed
            .get(index as usize)
            .is_none_or(|&was| was != (row, unified_row))
            .then(|| stretches.item(index))
            .flatten()
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let style = stretch.style();
        let _ = style.set_property("--row", &row.to_string());
        let _ = match unified_row {
            Some(unified_row) => style.set_property("--unified-row", &unified_row.to_string()),
            None => style.remove_property("--unified-row").map(drop),
        };
    }
    rows.clone_into(placed);
}

const REMOVED_MARK: &str = "−";
const ADDED_MARK: &str = "+";

/// One stretch of `side` in its grid row. Changed lines are one element each, so each gets its mark (drawn
/// by CSS, so the side's text stays exactly the text) and a `title` saying in words what the mark
/// means; an unchanged stretch is a single text, which keeps long files light.
fn stretch_html(stretch: &Stretch, side: &str, t: &crate::i18n::Text) -> Html {
    let text = stretch.text(side);
    let row = stretch.row.to_string();
    let unified = stretch.unified_row.map(|r| r.to_string());
    let (class, title) = match stretch.kind {
        StretchKind::Same => {
            let Some(fold) = fold(text) else {
                return html! { <span class="stretch same" data-row={row} data-unified-row={unified}>{ text }</span> };
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
            { for text.split_inclusive('\n').map(|line| html! {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

#[derive(Properties, PartialEq)]
pub struct UnsafeFixesProps {
    /// Every unsafe fix of the report, with whether it is ticked and what it would do.
    pub fixes: Rc<Vec<UnsafeFixView>>,
    /// Ticks or unticks the fix of this finding index.
    pub on_toggle: Callback<usize>,
    /// While the report is older than the text: no fix of it can be chosen.
    pub disabled: bool,
    /// The port the effects are on; `None` where fixes have no effect on a matrix (the plan).
    pub port: Option<FlowPort>,
    /// Unsafe fixes past the listed ones.
    #[prop_or_default]
    pub more: usize,
}

/// The unsafe fixes the corrected text leaves out, each with a checkbox (unticked until the user
/// ticks it) and what it would do to the matrix.
#[function_component(UnsafeFixes)]
pub fn unsafe_fixes(props: &UnsafeFixesProps) -> Html {
    let view = use_context::<ViewContext>()
        .expect("UnsafeFixes is rendered inside the ViewContext provider");
    let t = view.lang.text();
    if props.fixes.is_empty() {
        return html! {};
    }
    let port = props.port.map(|p| p.to_string());
    let item = |fix: &UnsafeFixView| {
        let finding = fix.finding;
        let onchange = props.on_toggle.reform(move |_: Event| finding);
        let (effect, blocks, allows) = match (&fix.effect, &port) {
            (_, None) => (Vec::new(), None, None),
            (None, Some(_)) => (vec![t.fix_effect_unknown.to_owned()], None, None),
            (Some(effect), Some(port)) => (
                effect_lines(effect, t, port),
                Some(effect.blocks.to_string()),
                Some(effect.allows.to_string()),
            ),
        };
        html! {
            <li class="unsafe-fix" data-testid="unsafe-fix-item" data-code={fix.code.clone()}>
                <label>
                    <input type="checkbox" data-testid="unsafe-fix" data-code={fix.code.clone()}
                        data-finding={finding.to_string()} checked={fix.chosen} disabled={props.disabled}
                        aria-label={t.unsafe_fix_label} {onchange} />
                    { " " }<span class="title">{ fix.title.get(view.lang.into()) }</span>
                    { " " }<code>{ fix.code.clone() }</code>
                </label>
                if port.is_some() {
                    <p class="effect" data-testid="unsafe-fix-effect" data-blocks={blocks} data-allows={allows}>
                        { for effect.into_iter().map(|line| html! { <span>{ line }</span> }) }
                    </p>
                }
            </li>
        }
    };
    html! {
        <div class="unsafe-fixes" data-testid="unsafe-fixes">
            <p class="hint">{ t.unsafe_fixes_intro }</p>
            <ul>{ for props.fixes.iter().map(item) }</ul>
            if props.more > 0 {
                <p class="hint" data-testid="unsafe-fixes-more">{ t.unsafe_fixes_more.replace("{n}", &props.more.to_string()) }</p>
            }
        </div>
    }
}

/// "blocks 6 flows on 80/TCP: a → b, …" and its "allows" twin; "changes no flow" when neither.
fn effect_lines(effect: &FixEffect, t: &crate::i18n::Text, port: &str) -> Vec<String> {
    let flows = |count: usize, some: &[(String, String)]| {
        let mut listed: Vec<String> = some
            .iter()
            .map(|(from, to)| format!("{from} → {to}"))
            .collect();
        if count > some.len() {
            listed.push("…".to_owned());
        }
        listed.join(", ")
    };
    let mut lines = Vec::new();
    for (count, some, template) in [
        (effect.blocks, &effect.blocked, t.fix_blocks),
        (effect.allows, &effect.allowed, t.fix_allows),
    ] {
        let template = match (count, template == t.fix_blocks) {
            (1, true) => t.fix_blocks_one,
            (1, false) => t.fix_allows_one,
            _ => template,
        };
        if count > 0 {
            lines.push(
                template
                    .replace("{n}", &count.to_string())
                    .replace("{port}", port)
                    .replace("{flows}", &flows(count, some)),
            );
        }
    }
    if lines.is_empty() {
        lines.push(t.fix_changes_nothing.replace("{port}", port));
    }
    lines
}
