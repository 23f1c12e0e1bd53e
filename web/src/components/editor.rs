//! The editor: a native textarea (typing, paste, undo, selection and screen readers work as
//! everywhere) over a drawn layer that shows line numbers, YAML or shell highlighting and every
//! finding (a gutter marker, an underline, the message on hover). Only the rows in view are
//! drawn, so a pasted dump of a hundred thousand lines costs what a screenful does.
//! `docs/decisions/0004-editor.md` says why this and not `CodeMirror`.

use std::rc::Rc;

use aksnet_core::Severity;
use aksnet_core::plan::{PlanForm, plan_form};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::findings::severity_symbol;
use crate::state::{Action, AppContext};

/// Every row is this tall (static/editor.css says the same): rows are placed by arithmetic.
const ROW_PX: i32 = 20;
/// Rows drawn above and below the visible ones, so a fast scroll does not show blank rows.
const SPARE_ROWS: usize = 20;
/// Texts up to this size take programmatic changes (an applied fix) through the browser's
/// editing commands, so that undo reverts them; larger ones are replaced outright.
const UNDOABLE_CHANGE: usize = 1024 * 1024;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The `data-testid` hook tests type into.
    pub testid: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
    /// Findings on this text, marked at their lines.
    #[prop_or_default]
    pub findings: Rc<Vec<aksnet_core::Finding>>,
    /// A plan editor: its text is coloured as the core reads it, YAML or az command lines
    /// ([`plan_form`]); other editors hold manifests, always YAML.
    #[prop_or_default]
    pub plan: bool,
}

/// The rows in view: the first drawn and how many.
#[derive(Clone, Copy, PartialEq)]
struct Viewport {
    first: usize,
    rows: usize,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let state =
        use_context::<AppContext>().expect("Editor is rendered inside the AppContext provider");
    let area = use_node_ref();
    let shell = use_node_ref();
    let tip_ref = use_node_ref();
    let viewport = use_state(|| Viewport { first: 0, rows: 60 });
    let hovered = use_state(|| None::<usize>);
    let lines = use_memo(props.value.clone(), |text| line_starts(text));
    let shell_syntax = use_memo((props.value.clone(), props.plan), |(text, plan)| {
        if *plan {
            Syntax::of(text)
        } else {
            Syntax::Yaml
        }
    });
    let markers = use_memo(props.findings.clone(), Markers::new);

    // The textarea is not controlled by Yew: a change that did not come from typing (an applied
    // fix, a reset) is written here, as an edit the browser can undo where the text is small.
    {
        let area = area.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>()
                && area.value() != value.as_str()
            {
                replace_text(&area, value);
            }
        });
    }
    // Where the rows in view are, and the offsets of the drawn layer. Every layout reading comes
    // before the first write: a read after a write makes the browser lay the whole text out again.
    let measure = {
        let (area, shell) = (area.clone(), shell.clone());
        move || {
            let (Some(area), Some(shell)) = (
                area.cast::<HtmlTextAreaElement>(),
                shell.cast::<HtmlElement>(),
            ) else {
                return None;
            };
            let top = area.scroll_top().max(0);
            let left = area.scroll_left();
            let height = area.client_height();
            let first = row_count(top).saturating_sub(SPARE_ROWS);
            let rows = row_count(height) + 2 * SPARE_ROWS;
            // Offsets go through the CSSOM: the page's content security policy forbids inline
            // style attributes.
            let style = shell.style();
            let _ = style.set_property(
                "--editor-y",
                &format!("{}px", row_top(first) - i64::from(top)),
            );
            let _ = style.set_property("--editor-x", &format!("{}px", -left));
            Some(Viewport { first, rows })
        }
    };
    {
        // Only a scroll (below) or a new size moves the rows in view; typing that scrolls the
        // text scrolls it. Measuring after every render laid the whole text out once more on
        // each keystroke, 100 ms for 13,000 lines (docs/benchmarks.md).
        let (measure, viewport) = (measure.clone(), viewport.clone());
        use_effect_with((), move |()| {
            if let Some(next) = measure() {
                viewport.set(next);
            }
            let listener = web_sys::window().map(|window| {
                gloo::events::EventListener::new(&window, "resize", move |_| {
                    if let Some(next) = measure() {
                        viewport.set(next);
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        // A click on a finding asks for its line: in this editor when the finding is in its text.
        let area = area.clone();
        let reveal = state.reveal.clone().filter(|r| r.editor == props.testid);
        use_effect_with(reveal, move |reveal| {
            if let (Some(reveal), Some(area)) = (reveal, area.cast::<HtmlTextAreaElement>()) {
                reveal_line(&area, reveal.line);
            }
        });
    }

    let oninput = props.oninput.reform(|event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        AttrValue::from(area.value())
    });
    let onscroll = {
        let viewport = viewport.clone();
        Callback::from(move |_: Event| {
            if let Some(next) = measure()
                && *viewport != next
            {
                viewport.set(next);
            }
        })
    };
    let onmousemove = {
        let (area, hovered, markers) = (area.clone(), hovered.clone(), markers.clone());
        Callback::from(move |event: MouseEvent| {
            let Some(area) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let y = event.offset_y() + area.scroll_top() - padding_top(&area);
            let line = row_count(y) + 1;
            let next = markers.on_line(line).next().is_some().then_some(line);
            if *hovered != next {
                hovered.set(next);
            }
        })
    };
    let onmouseleave = {
        let hovered = hovered.clone();
        Callback::from(move |event: MouseEvent| {
            // Moving onto the message keeps it open, so its links can be clicked.
            let into_tip = event
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| e.closest(".editor-tip").ok().flatten().is_some());
            if !into_tip {
                hovered.set(None);
            }
        })
    };

    let end = (viewport.first + viewport.rows).min(lines.len());
    let rows = (viewport.first..end).map(|index| {
        let line = index + 1;
        let text = line_text(&props.value, &lines, index);
        let worst = markers.on_line(line).map(|f| f.severity).min();
        let gutter_hover = {
            let hovered = hovered.clone();
            Callback::from(move |_| hovered.set(Some(line)))
        };
        html! {
            <div class={classes!("editor-row", worst.map(Severity::as_str))} key={line}>
                <span class="editor-gutter" onmouseenter={worst.is_some().then_some(gutter_hover)}>
                    <span class="editor-marker">{ worst.map_or("", severity_symbol) }</span>
                    { line }
                </span>
                <span class="editor-code">{ highlight(text, line, &markers, *shell_syntax) }</span>
            </div>
        }
    });
    {
        // The message sits under its row, wherever the text is scrolled.
        let (area, tip_ref) = (area.clone(), tip_ref.clone());
        use_effect_with(*hovered, move |line| {
            if let (Some(line), Some(area), Some(tip)) = (
                line,
                area.cast::<HtmlTextAreaElement>(),
                tip_ref.cast::<HtmlElement>(),
            ) {
                let top = row_top(*line) + i64::from(padding_top(&area) - area.scroll_top());
                let _ = tip.style().set_property("top", &format!("{top}px"));
            }
        });
    }
    let tip = hovered.and_then(|line| {
        let items: Vec<Html> = markers
            .on_line(line)
            .map(|f| {
                let code = Some(f.code);
                let onclick = {
                    let state = state.clone();
                    Callback::from(move |_| state.dispatch(Action::ShowRule(code)))
                };
                html! {
                    <li class={f.severity.as_str()}>
                        { severity_symbol(f.severity) }{ " " }
                        <button class="code" {onclick}>{ f.code.as_str() }</button>{ " " }
                        { f.message_in(state.lang.into()) }
                    </li>
                }
            })
            .collect();
        (!items.is_empty()).then_some(items)
    });
    let onleave_tip = {
        let hovered = hovered.clone();
        Callback::from(move |_| hovered.set(None))
    };
    html! {
        <div class="editor-shell" ref={shell} data-testid={format!("{}-shell", props.testid)}>
            <div class="editor-layer" aria-hidden="true">
                <div class="editor-window" data-first-row={viewport.first.to_string()}>
                    { for rows }
                </div>
            </div>
            <textarea
                ref={area}
                class="editor"
                data-testid={props.testid.clone()}
                aria-label={props.label.clone()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                readonly={props.readonly}
                {oninput}
                {onscroll}
                {onmousemove}
                {onmouseleave}
            />
            if let Some(items) = tip {
                <ul class="editor-tip" ref={tip_ref} role="tooltip" data-testid="editor-tip"
                    onmouseleave={onleave_tip}>
                    { for items }
                </ul>
            }
        </div>
    }
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn line_text<'a>(text: &'a str, starts: &[usize], index: usize) -> &'a str {
    let start = starts.get(index).copied().unwrap_or(text.len());
    let end = starts
        .get(index + 1)
        .map_or(text.len(), |next| next.saturating_sub(1));
    text.get(start..end).unwrap_or("").trim_end_matches('\r')
}

fn padding_top(area: &HtmlTextAreaElement) -> i32 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(area).ok().flatten())
        .and_then(|style| style.get_property_value("padding-top").ok())
        .and_then(|value| value.split(['.', 'p']).next()?.parse().ok())
        .unwrap_or(0)
}

/// The rows that fit in `pixels` (none for a negative height).
fn row_count(pixels: i32) -> usize {
    usize::try_from(pixels / ROW_PX).unwrap_or(0)
}

/// Where row `index` (0-based) starts, in pixels.
fn row_top(index: usize) -> i64 {
    i64::try_from(index)
        .unwrap_or(i64::MAX / 64)
        .saturating_mul(i64::from(ROW_PX))
}

/// Replaces the whole text; through the editing commands when the text is small, so that the
/// change joins the undo history.
fn replace_text(area: &HtmlTextAreaElement, value: &str) {
    let document = web_sys::window().and_then(|w| w.document());
    let focused = document
        .as_ref()
        .and_then(web_sys::Document::active_element);
    let undoable = value.len() <= UNDOABLE_CHANGE && !area.value().is_empty();
    let inserted = undoable
        && document
            .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
            .is_some_and(|document| {
                let _ = area.focus();
                area.select();
                // The input event this fires hands the same text up again: a no-op.
                document
                    .exec_command_with_show_ui_and_value("insertText", false, value)
                    .unwrap_or(false)
            });
    if !inserted {
        area.set_value(value);
    }
    if let Some(element) = focused.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Selects line `line` (1-based) and scrolls it to the middle of the editor.
fn reveal_line(area: &HtmlTextAreaElement, line: usize) {
    let value = area.value();
    let starts = line_starts(&value);
    let index = line.saturating_sub(1);
    let text = line_text(&value, &starts, index);
    let start_byte = starts.get(index).copied().unwrap_or(value.len());
    let utf16 = |bytes: usize| value.get(..bytes).map_or(0, |s| s.encode_utf16().count());
    let start = utf16(start_byte);
    let end = start + text.encode_utf16().count();
    let _ = area.focus();
    let _ = area.set_selection_range(
        u32::try_from(start).unwrap_or(u32::MAX),
        u32::try_from(end).unwrap_or(u32::MAX),
    );
    let middle = row_top(index) - i64::from(area.client_height() / 2);
    area.set_scroll_top(i32::try_from(middle.max(0)).unwrap_or(i32::MAX));
}

/// Findings by line, for the gutter, the underlines and the hover message.
struct Markers {
    /// (first line, last line, finding index), by first line.
    spans: Vec<(usize, usize, usize)>,
    findings: Rc<Vec<aksnet_core::Finding>>,
}

impl Markers {
    fn new(findings: &Rc<Vec<aksnet_core::Finding>>) -> Self {
        let mut spans: Vec<(usize, usize, usize)> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (start, end) = (f.start_utf16, f.end_utf16);
                (start.line, end.line.max(start.line), i)
            })
            .collect();
        spans.sort_unstable();
        Self {
            spans,
            findings: findings.clone(),
        }
    }

    /// The findings that start on `line`.
    fn on_line(&self, line: usize) -> impl Iterator<Item = &aksnet_core::Finding> {
        let from = self.spans.partition_point(|s| s.0 < line);
        self.spans
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |s| s.0 == line)
            .filter_map(|s| self.findings.get(s.2))
    }

    /// Column ranges (UTF-16, end exclusive) of `line` under a finding, with its severity. A
    /// finding that spans lines underlines only its first: a whole mapping drawn wavy would hide
    /// the text.
    fn underlines(&self, line: usize, width: usize) -> Vec<(usize, usize, Severity)> {
        self.on_line(line)
            .map(|f| {
                let (start, end) = (f.start_utf16, f.end_utf16);
                let end = if end.line == line { end.column } else { width };
                // An empty range (a missing key) underlines one character so it can be seen.
                let end = end.max(start.column + 1);
                (start.column, end, f.severity)
            })
            .collect()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Syntax {
    Yaml,
    Shell,
}

impl Syntax {
    /// A plan's syntax, by the core's one rule.
    fn of(text: &str) -> Syntax {
        match plan_form(text) {
            PlanForm::Az => Syntax::Shell,
            PlanForm::Yaml => Syntax::Yaml,
        }
    }
}

/// What a stretch of a line is, for its colour.
#[derive(Clone, Copy, PartialEq)]
enum Token {
    Plain,
    Key,
    Text,
    Number,
    Keyword,
    Comment,
    Punct,
}

impl Token {
    const fn class(self) -> &'static str {
        match self {
            Token::Plain => "t-plain",
            Token::Key => "t-key",
            Token::Text => "t-str",
            Token::Number => "t-num",
            Token::Keyword => "t-kw",
            Token::Comment => "t-comment",
            Token::Punct => "t-punct",
        }
    }
}

/// The tokens of one line: (byte length, token), in order.
fn tokens(line: &str, syntax: Syntax) -> Vec<(usize, Token)> {
    match syntax {
        Syntax::Yaml => yaml_tokens(line),
        Syntax::Shell => shell_tokens(line),
    }
}

fn yaml_tokens(line: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let body = line.trim_start();
    let indent = line.len() - body.len();
    out.push((indent, Token::Plain));
    if body.starts_with('#') {
        out.push((body.len(), Token::Comment));
        return out;
    }
    if body == "---" || body == "..." || body.starts_with("--- ") {
        out.push((body.len(), Token::Punct));
        return out;
    }
    let mut rest = body;
    while let Some(after) = rest.strip_prefix("- ") {
        out.push((2, Token::Punct));
        rest = after;
    }
    let (code, comment) = split_comment(rest);
    let mut value = code;
    if let Some(colon) = key_end(code) {
        out.push((colon, Token::Key));
        out.push((1, Token::Punct));
        value = code.get(colon + 1..).unwrap_or("");
    }
    let trimmed = value.trim();
    let token = if trimmed.starts_with(['"', '\'']) {
        Token::Text
    } else if !trimmed.is_empty() && trimmed.parse::<f64>().is_ok() {
        Token::Number
    } else if matches!(
        trimmed,
        "true" | "false" | "null" | "~" | "True" | "False" | "yes" | "no"
    ) {
        Token::Keyword
    } else if trimmed.starts_with(['{', '[', '|', '>', '&', '*']) {
        Token::Punct
    } else {
        Token::Plain
    };
    out.push((value.len(), token));
    out.push((comment.len(), Token::Comment));
    out
}

/// The end of a mapping key: a `:` followed by a space or the end, outside quotes.
fn key_end(code: &str) -> Option<usize> {
    let mut quote = None;
    let bytes = code.as_bytes();
    for (i, c) in code.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if i == 0 => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ':') if bytes.get(i + 1).is_none_or(|b| *b == b' ') => return Some(i),
            (None, '{' | '[') if i == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Splits off a trailing comment: a `#` at the start or after a space, outside quotes.
fn split_comment(code: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in code.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous == ' ' => return code.split_at(i),
            _ => {}
        }
        previous = c;
    }
    (code, "")
}

fn shell_tokens(line: &str) -> Vec<(usize, Token)> {
    let (code, comment) = split_comment(line);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in code.char_indices() {
        if c == ' ' || i + c.len_utf8() == code.len() {
            let end = if c == ' ' { i } else { code.len() };
            let word = code.get(start..end).unwrap_or("");
            let token = if word.starts_with("--") || (word.starts_with('-') && word.len() == 2) {
                Token::Key
            } else if word.starts_with('$') || word.contains("=$") {
                Token::Keyword
            } else if word.starts_with(['"', '\'']) {
                Token::Text
            } else if word == "az" || word == "\\" {
                Token::Punct
            } else {
                Token::Plain
            };
            out.push((word.len(), token));
            if c == ' ' {
                out.push((1, Token::Plain));
            }
            start = end + 1;
        }
    }
    out.push((comment.len(), Token::Comment));
    out
}

/// One row's text as coloured stretches, with the findings' columns underlined.
fn highlight(text: &str, line: usize, markers: &Markers, syntax: Syntax) -> Html {
    let width = text.encode_utf16().count();
    let underlines = markers.underlines(line, width);
    // Cut points: token edges and underline edges, in UTF-16 columns.
    let mut pieces: Vec<(usize, usize, Token)> = Vec::new();
    let mut byte = 0;
    for (length, token) in tokens(text, syntax) {
        if length > 0 {
            pieces.push((byte, byte + length, token));
        }
        byte += length;
    }
    let mut cuts: Vec<usize> = underlines
        .iter()
        .flat_map(|(a, b, _)| [*a, *b])
        .map(|c| byte_at_column(text, c))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for (start, end, token) in pieces {
        let mut from = start;
        for cut in cuts.iter().copied().filter(|c| *c > start && *c < end) {
            out.push(piece(text, from, cut, token, &underlines));
            from = cut;
        }
        out.push(piece(text, from, end, token, &underlines));
    }
    // A finding past the end of the line (a missing value) still shows a mark.
    if underlines.iter().any(|(a, _, _)| *a >= width) {
        out.push(html! { <span class="squiggle past-end">{ " " }</span> });
    }
    out.into_iter().collect()
}

fn piece(
    text: &str,
    start: usize,
    end: usize,
    token: Token,
    underlines: &[(usize, usize, Severity)],
) -> Html {
    let column = text.get(..start).map_or(0, |s| s.encode_utf16().count());
    let under = underlines
        .iter()
        .filter(|(a, b, _)| *a <= column && column < *b)
        .map(|(_, _, s)| *s)
        .min();
    html! {
        <span class={classes!(token.class(), under.map(|s| format!("squiggle {}", s.as_str())))}>
            { text.get(start..end).unwrap_or("") }
        </span>
    }
}

/// The byte offset of UTF-16 column `column` in `text`, clamped to its end.
fn byte_at_column(text: &str, column: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= column {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &str, syntax: Syntax) -> Vec<(String, &'static str)> {
        let mut byte = 0;
        tokens(line, syntax)
            .into_iter()
            .filter(|(len, _)| *len > 0)
            .map(|(len, token)| {
                let piece = line[byte..byte + len].to_owned();
                byte += len;
                (piece, token.class())
            })
            .collect()
    }

    #[test]
    fn yaml_lines_split_into_key_value_and_comment() {
        assert_eq!(
            classes("  - name: \"web\" # the front", Syntax::Yaml),
            vec![
                ("  ".into(), "t-plain"),
                ("- ".into(), "t-punct"),
                ("name".into(), "t-key"),
                (":".into(), "t-punct"),
                (" \"web\" ".into(), "t-str"),
                ("# the front".into(), "t-comment"),
            ]
        );
        assert_eq!(
            classes("port: 80", Syntax::Yaml)[2],
            (" 80".into(), "t-num")
        );
        // A colon inside a value or a URL is not a key's end.
        assert_eq!(
            classes("image: nginx:1.27", Syntax::Yaml)[0],
            ("image".into(), "t-key")
        );
        assert_eq!(classes("a#b: c", Syntax::Yaml)[0], ("a#b".into(), "t-key"));
    }

    #[test]
    fn shell_lines_mark_flags_and_variables() {
        let tokens = classes("az aks create --service-cidr $CIDR # note", Syntax::Shell);
        assert!(tokens.contains(&("--service-cidr".into(), "t-key")));
        assert!(tokens.contains(&("$CIDR".into(), "t-kw")));
        assert!(tokens.contains(&("# note".into(), "t-comment")));
        let text: String = tokens.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, "az aks create --service-cidr $CIDR # note");
    }

    #[test]
    fn plan_texts_are_told_apart() {
        assert!(Syntax::of("# vnet\naz network vnet create -n v") == Syntax::Shell);
        assert!(Syntax::of("RG=myResourceGroup\n") == Syntax::Shell);
        assert!(Syntax::of("kind: NetworkPlan\nvnets: []\n") == Syntax::Yaml);
    }

    /// The editor's own rule looked at the first line only and missed PowerShell's `$NAME = …`,
    /// colouring as YAML what the core reads as az commands: it now asks the core.
    #[test]
    fn a_powershell_plan_is_coloured_as_the_core_reads_it() {
        let text = include_str!("../../../tests/fixtures/plan/az/azure-cni.ps1");
        assert_eq!(plan_form(text), PlanForm::Az);
        assert!(Syntax::of(text) == Syntax::Shell);
    }

    /// Issue 15: the plan's form is the core's to decide; the editor keeps no rule of its own.
    #[test]
    fn the_editor_keeps_no_plan_form_rule() {
        let source = include_str!("editor.rs");
        let code = source.split("#[cfg(test)]").next().unwrap();
        assert!(code.contains("plan_form(text)"));
        assert!(!code.contains("starts_with(\"az \")"));
    }

    #[test]
    fn columns_map_to_bytes_through_wide_characters() {
        assert_eq!(byte_at_column("名前: x", 2), "名前".len());
        assert_eq!(byte_at_column("ab", 9), 2);
        assert_eq!(line_text("a\r\nb", &line_starts("a\r\nb"), 0), "a");
        assert_eq!(line_text("a\nb", &line_starts("a\nb"), 1), "b");
        assert_eq!(line_text("a\nb", &line_starts("a\nb"), 5), "");
    }
}
