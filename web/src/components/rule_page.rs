use std::cell::RefCell;
use std::rc::Rc;

use aksnet_core::Code;
use yew::prelude::*;

use crate::browser;
use crate::i18n::Lang;
use crate::state::{Action, AppContext};

/// What came back for a page.
#[derive(Clone, PartialEq)]
enum Fetched {
    Page(Rc<str>),
    Failed,
}

/// The page of `code` in `lang`, relative to the page: Trunk copies docs/rules/ to rules/ beside it
/// (index.html), so it works under any path, embedded too.
fn page_url(code: Code, lang: Lang) -> String {
    match lang {
        Lang::En => format!("rules/{code}.md"),
        Lang::Ja => format!("rules/ja/{code}.md"),
    }
}

/// The page of the finding code last clicked (`docs/rules/<code>.md`), fetched when it is opened
/// (docs/decisions/0210-rule-pages-fetched.md).
#[function_component(RulePage)]
pub fn rule_page() -> Html {
    let state =
        use_context::<AppContext>().expect("RulePage is rendered inside the AppContext provider");
    // The last answer, with the code and language it is for.
    let fetched = use_state(|| None::<((Code, Lang), Fetched)>);
    // The page wanted now: an answer for an earlier one (opened, then another) is dropped.
    let wanted = use_mut_ref(|| None::<(Code, Lang)>);
    {
        let fetched = fetched.clone();
        use_effect_with((state.rule, state.lang), move |&(rule, lang)| {
            let key = rule.map(|code| (code, lang));
            *wanted.borrow_mut() = key;
            if let Some((code, lang)) = key {
                let cached = matches!(&*fetched, Some((k, Fetched::Page(_))) if *k == (code, lang));
                if !cached {
                    fetch(code, lang, fetched, wanted);
                }
            }
        });
    }
    let Some(code) = state.rule else {
        return html! {};
    };
    let t = state.lang.text();
    let current = fetched
        .as_ref()
        .filter(|(key, _)| *key == (code, state.lang))
        .map(|(_, f)| f);
    let body = match current {
        None => {
            html! { <p class="rule-loading" data-testid="rule-page-loading">{ t.rule_loading }</p> }
        }
        Some(Fetched::Page(page)) => html! { <pre>{ page.to_string() }</pre> },
        Some(Fetched::Failed) => {
            let path = code.rule().page_path(state.lang.into());
            let href = format!("{}/blob/main/{path}", env!("CARGO_PKG_REPOSITORY"));
            html! {
                <p class="rule-error" data-testid="rule-page-error">
                    { t.rule_failed.replace("{code}", code.as_str()) }{ " " }
                    <a {href} target="_blank" rel="noopener noreferrer">{ path }</a>
                </p>
            }
        }
    };
    // The code's own declaration, the same the page's `**Fix applicability:**` line states.
    let applicability = code.fix_applicability();
    let fix_line = applicability.map(|a| match a {
        aksnet_core::Applicability::Safe => t.rule_fix_safe,
        aksnet_core::Applicability::Unsafe => t.rule_fix_unsafe,
    });
    let onclick = Callback::from(move |_| state.dispatch(Action::ShowRule(None)));
    html! {
        <aside class="rule-page pane" data-testid="rule-page" aria-label={format!("Rule {code}")}>
            <button class="close" aria-label={t.close} {onclick}>{ "×" }</button>
            if let Some(line) = fix_line {
                <p class="fix-applicability" data-testid="rule-fix-applicability"
                    data-applicability={applicability.map(aksnet_core::Applicability::as_str)}>{ line }</p>
            }
            { body }
        </aside>
    }
}

/// Fetches the page of `code` in `lang` into `fetched`, unless another page is wanted by the time
/// it arrives.
fn fetch(
    code: Code,
    lang: Lang,
    fetched: UseStateHandle<Option<((Code, Lang), Fetched)>>,
    wanted: Rc<RefCell<Option<(Code, Lang)>>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let page = browser::fetch_text(&page_url(code, lang)).await;
        if *wanted.borrow() == Some((code, lang)) {
            let answer = page.map_or(Fetched::Failed, |p| Fetched::Page(Rc::from(p)));
            fetched.set(Some(((code, lang), answer)));
        }
    });
}
