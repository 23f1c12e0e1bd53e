use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The `data-testid` hook tests type into.
    pub testid: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub readonly: bool,
}

/// A plain text editor; each keystroke hands the whole text up.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = props.oninput.reform(|event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        area.value()
    });
    html! {
        <textarea
            class="editor"
            data-testid={props.testid.clone()}
            aria-label={props.label.clone()}
            spellcheck="false"
            autocomplete="off"
            value={props.value.clone()}
            readonly={props.readonly}
            {oninput}
        />
    }
}
