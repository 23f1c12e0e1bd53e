//! What the page says about the work kept in this browser: the texts a crash left (offered,
//! never loaded on their own), the user's own session while a link's document is open, and the
//! earlier sessions links' documents displaced. Nothing here is lost until the user discards it.

use yew::prelude::*;

use crate::browser;
use crate::share::{Saved, Unreadable};
use crate::state::{Action, AppContext};

#[function_component(SessionNotices)]
pub fn session_notices() -> Html {
    let state = use_context::<AppContext>()
        .expect("SessionNotices is rendered inside the AppContext provider");
    let t = state.lang.text();
    let plain = use_state(|| None::<Saved>);
    let show_plain = {
        let plain = plain.clone();
        Callback::from(move |_| plain.set(browser::rescued()))
    };
    let open_rescued = {
        let (state, plain) = (state.clone(), plain.clone());
        Callback::from(move |_| {
            if let Some(saved) = browser::rescued() {
                state.dispatch(Action::Open(saved));
            }
            browser::forget_rescued();
            plain.set(None);
            state.dispatch(Action::RescueHandled);
        })
    };
    let discard_rescued = {
        let (state, plain) = (state.clone(), plain.clone());
        Callback::from(move |_| {
            browser::forget_rescued();
            plain.set(None);
            state.dispatch(Action::RescueHandled);
        })
    };
    let open_saved = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(saved) = browser::saved_session() {
                browser::clear_fragment();
                state.dispatch(Action::Open(saved));
            }
        })
    };
    // The current texts take the earlier work's place, so switching back is one click too.
    let open_previous = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(saved) = browser::swap_previous(&state.saved()) {
                state.dispatch(Action::Open(saved));
            }
        })
    };
    let discard_previous = {
        let state = state.clone();
        Callback::from(move |_| {
            browser::discard_previous();
            state.dispatch(Action::Previous(browser::previous_count()));
        })
    };
    let load_theirs = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(saved) = browser::saved_session() {
                state.dispatch(Action::Open(saved));
            }
            state.dispatch(Action::OtherTab(false));
        })
    };
    let keep_mine = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::Saved(browser::save(&state.saved())));
            state.dispatch(Action::OtherTab(false));
        })
    };
    let link_over_session = state.from_link && browser::has_saved_session();
    let download = |file_name: &'static str, text: AttrValue| {
        Callback::from(move |_| {
            browser::download(file_name, &text);
        })
    };
    let link_problem = state.link_problem.map(|problem| match problem {
        Unreadable::Newer => t.link_newer,
        Unreadable::TooLarge => t.link_too_large,
        Unreadable::Broken | Unreadable::NotState => t.link_broken,
    });
    html! {
        <>
            if let Some(problem) = link_problem {
                <p class="notice" role="alert" data-testid="link-problem">{ problem }</p>
            }
            if state.unreadable_session {
                <p class="notice" role="status" data-testid="session-unreadable">{ t.session_unreadable }</p>
            }
            if state.rescued {
                <div class="notice" role="status" data-testid="restored-after-crash">
                    <p>{ t.restored_after_crash }</p>
                    <button data-testid="rescued-show" onclick={show_plain}>{ t.show_plain }</button>
                    <button data-testid="rescued-open" onclick={open_rescued} disabled={state.readonly}>{ t.open_in_editors }</button>
                    <button data-testid="rescued-discard" onclick={discard_rescued}>{ t.discard }</button>
                    if let Some(saved) = &*plain {
                        { for [(t.manifests, &saved.manifests), (t.plan, &saved.plan)].into_iter().map(|(label, text)| html! {
                            <textarea class="crash-text" data-testid="rescued-text" readonly=true aria-label={label}
                                value={text.clone()} />
                        }) }
                    }
                </div>
            }
            if link_over_session {
                <p class="notice" role="status" data-testid="opened-from-link">
                    { t.opened_from_link }{ " " }
                    <button data-testid="open-saved-work" onclick={open_saved} disabled={state.readonly}>{ t.open_saved_work }</button>
                </p>
            }
            if state.other_tab {
                <p class="notice" role="alert" data-testid="other-tab">
                    { t.other_tab }{ " " }
                    <button data-testid="other-tab-load" onclick={load_theirs}>{ t.other_tab_load }</button>
                    <button data-testid="other-tab-keep" onclick={keep_mine} disabled={state.readonly}>{ t.other_tab_keep }</button>
                </p>
            }
            if state.save_failed {
                <p class="notice" role="alert" data-testid="save-failed">
                    { t.save_failed }{ " " }
                    <button data-testid="save-download-manifests" onclick={download("manifests.yaml", state.manifests.clone())}>{ t.download_manifests }</button>
                    if !state.plan.trim().is_empty() {
                        <button data-testid="save-download-plan" onclick={download("plan.txt", state.plan.clone())}>{ t.download_plan }</button>
                    }
                </p>
            }
            if state.previous > 0 {
                <p class="notice" role="status" data-testid="previous-work">
                    { t.previous_kept.replace("{count}", &state.previous.to_string()) }{ " " }
                    <button data-testid="open-previous" onclick={open_previous} disabled={state.readonly}>{ t.open_previous }</button>
                    <button data-testid="discard-previous" onclick={discard_previous}>{ t.discard }</button>
                </p>
            }
        </>
    }
}

/// What the full page shows instead of itself when another site frames it (only `?embed=1` may
/// be framed): a link that opens it in a tab of its own.
#[function_component(FramedRefusal)]
pub fn framed_refusal() -> Html {
    let t = browser::language().text();
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    html! {
        <p class="notice" role="alert" data-testid="framed-refused">
            { t.framed_refused }{ " " }
            <a {href} target="_blank" rel="noopener noreferrer">{ t.open_in_tab }</a>
        </p>
    }
}
