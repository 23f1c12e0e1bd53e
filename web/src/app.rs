use std::cell::RefCell;
use std::rc::Rc;

use aksnet_core::plan::{check_plan, check_plan_with};
use aksnet_core::{Applicability, FlowPort, SourceFile};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::analysis::{
    Changes, PoliciesOf, PoliciesOfRequest, PolicyReport, PolicyRequest, Request, UnsafeFixView,
    apply_fix as apply_edits,
};
use crate::background::{Background, Outcome};
use crate::browser;
use crate::components::corrected::{Corrected, UnsafeFixes};
use crate::components::editor::Editor;
use crate::components::engine::{EngineSelector, engine_banner};
use crate::components::exercises::ExercisesTab;
use crate::components::findings::FindingList;
use crate::components::matrix::{Explanation, Matrix};
use crate::components::migration::Migration;
use crate::components::objects::ObjectList;
use crate::components::plan_view::{PlanExamples, PlanView};
use crate::components::rule_page::RulePage;
use crate::components::session::SessionBar;
use crate::components::session_notices::SessionNotices;
use crate::diff::LineDiff;
use crate::share::Saved;
use crate::state::{Action, AppContext, AppState, EngineChoice, Tab, ViewContext};

/// The name plan findings are reported under.
const PLAN_FILE: &str = "plan";

/// Texts longer than this wait for a pause in typing before they are analysed or saved.
pub(crate) const LARGE_TEXT: usize = 64 * 1024;
const TYPING_PAUSE_MS: u32 = 30;
const SAVE_PAUSE_MS: u32 = 400;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let embed = browser::embed_requested();
        let opening = browser::open(embed);
        // A link's document opens as the link says; the reader's own work where they left it.
        let view = (!embed && !opening.from_link && opening.saved.is_some())
            .then(browser::view)
            .flatten();
        AppState {
            embed,
            readonly: browser::readonly_requested(),
            from_link: opening.from_link,
            rescued: opening.rescued,
            link_problem: opening.link_problem,
            unreadable_session: opening.unreadable_session,
            previous: if embed { 0 } else { browser::previous_count() },
            lang: browser::language(),
            ..AppState::restored(opening.saved)
                .viewing(view)
                .opening(browser::exercise_requested())
        }
    });
    // Before anything below draws or analyses: a page that dies during this render leaves the
    // mark for the next load to find.
    let busy = use_memo((), |()| BusyMark::default());
    if !state.embed {
        BusyMark::arm(&busy);
    }
    use_effect_with(state.lang, {
        let keep = !state.embed;
        move |lang| {
            browser::set_language(*lang);
            crate::crash::prepare(*lang, keep);
        }
    });
    let t = state.lang.text();
    let toggle = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SetLang(state.lang.other())))
    };
    // Every change is kept, so a reload loses nothing; a framed page keeps no session of its own.
    // Only a page whose texts were edited writes them: opening a page (a link, a second tab)
    // never overwrites the session.
    let pending = use_memo((), {
        let dispatch = state.dispatcher();
        move |()| PendingSave::new(dispatch)
    });
    let seen = use_mut_ref(|| None::<(AttrValue, AttrValue, EngineChoice)>);
    let edited = use_mut_ref(|| false);
    // The crash screen's copy of each text whose editor is not on the page (another tab).
    use_effect_with((state.manifests.clone(), state.tab), |(text, _)| {
        crate::crash::keep_text("manifest-editor", text);
    });
    use_effect_with((state.plan.clone(), state.tab), |(text, _)| {
        crate::crash::keep_text("plan-editor", text);
    });
    // The engine chosen is part of the work, as the texts are.
    use_effect_with(
        (
            state.manifests.clone(),
            state.plan.clone(),
            state.tab,
            state.engine,
        ),
        {
            let (pending, state) = (pending.clone(), state.clone());
            move |(manifests, plan, _, engine)| {
                let saved = state.saved();
                // The same shared text is the same text: no need to compare megabytes.
                let same =
                    |a: &AttrValue, b: &AttrValue| a.as_ptr() == b.as_ptr() && a.len() == b.len();
                let changed = seen
                    .borrow()
                    .as_ref()
                    .is_some_and(|(m, p, e)| !same(m, manifests) || !same(p, plan) || e != engine);
                *seen.borrow_mut() = Some((manifests.clone(), plan.clone(), *engine));
                let mut edited = edited.borrow_mut();
                *edited |= changed;
                if state.embed || !*edited || state.other_tab {
                    return;
                }
                if state.from_link {
                    // The link's document becomes the session; the session it replaces is kept, or,
                    // when storage is too full to keep it, left in place and the user told.
                    if !browser::keep_saved_session() {
                        state.dispatch(Action::Saved(false));
                        return;
                    }
                    browser::clear_fragment();
                    state.dispatch(Action::Adopted(browser::previous_count()));
                }
                let large = manifests.len() + plan.len() > LARGE_TEXT;
                PendingSave::schedule(&pending, saved, large);
            }
        },
    );
    use_effect_with(
        (
            state.tab,
            state.exercise.clone(),
            state.port,
            state.representatives,
        ),
        |(tab, exercise, port, representatives)| {
            browser::keep_view(&browser::View {
                tab: tab.name().to_owned(),
                exercise: exercise.clone(),
                port: port.to_string(),
                representatives: *representatives,
            });
        },
    );
    let embed = state.embed;
    use_effect_with((), {
        let dispatch = state.dispatcher();
        move |()| {
            let listener = browser::on_session_written_elsewhere(move || {
                dispatch.dispatch(Action::OtherTab(true));
            });
            move || drop(listener)
        }
    });
    use_effect_with((), move |()| {
        // Leaving runs between tasks, so no work is under way: the mark would only mislead the
        // next load. A page that hangs or died runs no handler and keeps it.
        let listener = browser::on_page_hide(move || {
            pending.flush();
            if !embed {
                browser::not_busy();
            }
        });
        move || drop(listener)
    });
    // Only a framed page has a parent to tell its height: reading it lays the page out.
    let framed = state.embed;
    use_effect(move || {
        if framed {
            browser::report_height();
        }
    });
    let tab_button = |tab: Tab, label: &'static str| {
        let handle = state.clone();
        let onclick = Callback::from(move |_| handle.dispatch(Action::ShowTab(tab)));
        // The tabs pattern: one tab in the focus order, arrow keys move between them.
        let onkeydown = {
            let handle = state.clone();
            Callback::from(move |event: KeyboardEvent| {
                let next = match event.key().as_str() {
                    "ArrowRight" => tab.next(),
                    "ArrowLeft" => tab.previous(),
                    "Home" => Tab::ALL[0],
                    "End" => Tab::ALL[Tab::ALL.len() - 1],
                    _ => return,
                };
                event.prevent_default();
                handle.dispatch(Action::ShowTab(next));
                browser::focus(&format!("#{}", next.element_id()));
            })
        };
        let selected = state.tab == tab;
        html! {
            <button role="tab" id={tab.element_id()} aria-selected={selected.to_string()} aria-controls="workspace"
                tabindex={if selected { "0" } else { "-1" }} {onclick} {onkeydown}>{ label }</button>
        }
    };
    let views = ViewContext {
        lang: state.lang,
        dispatch: state.dispatcher(),
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<ViewContext> context={views}>
            <header class={classes!("masthead", state.embed.then_some("embedded"))}>
                <h1>{ "aksnet" }</h1>
                if !state.embed {
                    <p class="tagline">{ t.tagline }</p>
                }
                <nav class="tabs" role="tablist" aria-label={t.workspaces}>
                    { tab_button(Tab::Policies, t.tab_policies) }
                    { tab_button(Tab::Plan, t.tab_plan) }
                    { tab_button(Tab::Exercises, t.tab_exercises) }
                </nav>
                <button class="lang" data-testid="lang-toggle" lang={state.lang.other().tag()} onclick={toggle}>{ t.switch_to }</button>
                if !state.embed {
                    <SessionBar />
                }
            </header>
            if !state.embed {
                <SessionNotices />
            }
            <div role="tabpanel" id="workspace" aria-labelledby={state.tab.element_id()}>
                { match state.tab {
                    Tab::Policies => html! { <PoliciesTab /> },
                    Tab::Plan => html! { <PlanTab /> },
                    Tab::Exercises => html! { <ExercisesTab /> },
                } }
            </div>
            <RulePage />
        </ContextProvider<ViewContext>>
        </ContextProvider<AppContext>>
    }
}

/// The storage mark that the page is working on a change ([`browser::busy`]), cleared once the
/// task that draws and analyses the change is over.
#[derive(Default)]
struct BusyMark {
    clear: RefCell<Option<Timeout>>,
}

impl BusyMark {
    fn arm(this: &Rc<Self>) {
        if this.clear.borrow().is_some() {
            return;
        }
        browser::busy();
        let later = this.clone();
        *this.clear.borrow_mut() = Some(Timeout::new(0, move || {
            later.clear.borrow_mut().take();
            browser::not_busy();
        }));
    }
}

/// A save waiting for a pause in typing (compressing a large text on every keystroke would
/// stall it); leaving the page writes it at once. A save that fails is told to the page.
struct PendingSave {
    saved: RefCell<Option<Saved>>,
    timer: RefCell<Option<Timeout>>,
    dispatch: UseReducerDispatcher<AppState>,
    /// What the page was last told, so that it is told only of a change.
    worked: std::cell::Cell<bool>,
}

impl PendingSave {
    fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        Self {
            saved: RefCell::default(),
            timer: RefCell::default(),
            dispatch,
            worked: std::cell::Cell::new(true),
        }
    }

    fn schedule(this: &Rc<Self>, saved: Saved, large: bool) {
        *this.saved.borrow_mut() = Some(saved);
        if large {
            let later = this.clone();
            *this.timer.borrow_mut() = Some(Timeout::new(SAVE_PAUSE_MS, move || later.flush()));
        } else {
            this.flush();
        }
    }

    fn flush(&self) {
        self.timer.borrow_mut().take();
        if let Some(saved) = self.saved.borrow_mut().take() {
            let worked = browser::save(&saved);
            if worked != self.worked.replace(worked) {
                self.dispatch.dispatch(Action::Saved(worked));
            }
        }
    }
}

/// The Policies tab's results: the latest report and what its edit changed.
#[derive(Default, PartialEq)]
struct Results {
    report: Option<Rc<PolicyReport>>,
    /// The text `report` describes: the corrected output is compared with it, not with the
    /// editor's newer text.
    text: AttrValue,
    /// The report's findings, shared with the list and the editor so neither redraws them
    /// while the next report is computed.
    findings: Rc<Vec<aksnet_core::Finding>>,
    /// The report's corrected text and its diff with `text`, shared with the corrected view so
    /// that choosing a port or a flow does not redraw it.
    fixed: Option<(AttrValue, Rc<LineDiff>)>,
    /// The unsafe fixes, listed beside the corrected text with what each would do, and how many
    /// more there are.
    unsafe_fixes: Rc<Vec<UnsafeFixView>>,
    unsafe_more: usize,
    /// The flows of `report` whose verdict the last edit changed.
    changed: Rc<Changes>,
    /// The report on the text before a one-click fix: the reports on the text it gave are
    /// compared with it, whatever edits the editor split the fix into, until the user types.
    pinned: Option<Rc<PolicyReport>>,
    /// The generation whose analysis crashed, when the latest one did.
    crashed: Option<u64>,
}

/// What changes the Policies tab's results: a reply from the analyst, or a one-click fix that
/// pins the report to compare with (and typing, which lets it go).
enum ResultsAction {
    Outcome(Outcome),
    Pin,
    Unpin,
}

impl Reducible for Results {
    type Action = ResultsAction;

    fn reduce(self: Rc<Self>, action: ResultsAction) -> Rc<Self> {
        let outcome = match action {
            ResultsAction::Outcome(outcome) => outcome,
            ResultsAction::Pin => {
                let mut next = Results::clone_of(&self);
                next.pinned.clone_from(&self.report);
                return Rc::new(next);
            }
            ResultsAction::Unpin if self.pinned.is_some() => {
                let mut next = Results::clone_of(&self);
                next.pinned = None;
                return Rc::new(next);
            }
            ResultsAction::Unpin => return self,
        };
        match outcome {
            // A reply that overtook a newer one on its way from a worker is dropped.
            Outcome::Report(report, _)
                if self
                    .report
                    .as_ref()
                    .is_some_and(|r| r.generation > report.generation) =>
            {
                self
            }
            Outcome::Report(mut report, text) => {
                let same_text = self
                    .report
                    .as_ref()
                    .is_some_and(|r| r.generation == report.generation);
                let same_port = self.report.as_ref().is_some_and(|r| r.port == report.port);
                // Marks last until the next edit: a click on a cell or a new port is not one.
                let changed = match (&self.pinned, &self.report) {
                    (_, Some(_)) if same_text && same_port => self.changed.clone(),
                    // After a one-click fix: against the text before the whole fix.
                    (Some(before), _) | (None, Some(before)) => {
                        Rc::new(Changes::between(before, &report))
                    }
                    (None, None) => Rc::default(),
                };
                let findings = if same_text {
                    self.findings.clone()
                } else {
                    Rc::new(std::mem::take(&mut report.findings))
                };
                let unsafe_more = report.fixed.as_ref().map_or(0, |f| f.unsafe_more);
                let (fixed, unsafe_fixes) = match report.fixed.take() {
                    None => (None, Rc::default()),
                    Some(view) => {
                        // The same corrected text keeps its diff, so the view is not redrawn.
                        let fixed = match &self.fixed {
                            Some(kept) if same_text && kept.0.as_str() == view.text => kept.clone(),
                            _ => (AttrValue::from(view.text), Rc::new(view.diff)),
                        };
                        let unsafe_fixes = if *self.unsafe_fixes == view.unsafe_fixes {
                            self.unsafe_fixes.clone()
                        } else {
                            Rc::new(view.unsafe_fixes)
                        };
                        (Some(fixed), unsafe_fixes)
                    }
                };
                Rc::new(Results {
                    report: Some(Rc::from(report)),
                    text: AttrValue::from(text),
                    findings,
                    fixed,
                    unsafe_fixes,
                    unsafe_more,
                    changed,
                    pinned: self.pinned.clone(),
                    crashed: None,
                })
            }
            // Only the Exercises tab asks for those.
            Outcome::Exercise(_) | Outcome::PoliciesOf(_) => self,
            Outcome::Crashed(generation) => {
                let mut next = Results::clone_of(&self);
                next.crashed = Some(generation);
                Rc::new(next)
            }
        }
    }
}

impl Results {
    /// A copy that shares every report, text and list with `self`.
    fn clone_of(this: &Results) -> Results {
        Results {
            report: this.report.clone(),
            text: this.text.clone(),
            findings: this.findings.clone(),
            fixed: this.fixed.clone(),
            unsafe_fixes: this.unsafe_fixes.clone(),
            unsafe_more: this.unsafe_more,
            changed: this.changed.clone(),
            pinned: this.pinned.clone(),
            crashed: this.crashed,
        }
    }
}

#[function_component(PoliciesTab)]
fn policies_tab() -> Html {
    let state = use_context::<AppContext>()
        .expect("PoliciesTab is rendered inside the AppContext provider");
    let t = state.lang.text();
    let results = use_reducer(Results::default);
    let background = use_memo((), {
        let results = results.dispatcher();
        move |()| Background::new(move |outcome| results.dispatch(ResultsAction::Outcome(outcome)))
    });
    let pause = use_mut_ref(|| None::<Timeout>);
    // The unsafe fixes ticked in the corrected view, for the text of one generation.
    let ticked = use_state(|| (0_u64, Vec::<usize>::new()));
    let chosen: Vec<usize> = if ticked.0 == state.generation {
        ticked.1.clone()
    } else {
        Vec::new()
    };
    // The engine of the plan's cluster: the matrix follows it unless the user chose another.
    let plan_engine = *use_memo(state.plan.clone(), |text| plan_engine(text));
    // What the Policies tab asks for; a new question is sent when any part of it changes.
    let asked = PolicyRequest {
        generation: state.generation,
        text: None,
        port: state.port,
        flow: state.flow.clone(),
        representatives: state.representatives,
        unsafe_fixes: chosen.clone(),
        engine: state.engine.engine(plan_engine),
        migration: state.migration.map(|to| to.as_str().to_owned()),
    };
    use_effect_with(asked, {
        let (background, text) = (background.clone(), state.manifests.clone());
        move |asked: &PolicyRequest| {
            let request = Request::Policies(asked.clone());
            let large = text.len() > LARGE_TEXT;
            let text: Rc<str> = Rc::from(text.as_str());
            let send = move || background.request(request, &text);
            wait_for_pause(&pause, large, send);
        }
    });
    let report = results.report.clone();
    let stale = report
        .as_ref()
        .is_none_or(|r| r.generation != state.generation);
    let findings = results.findings.clone();
    let oninput = {
        let (state, results) = (state.clone(), results.dispatcher());
        Callback::from(move |text: AttrValue| {
            // The editor hands an applied fix's text up again: that keeps the fix's marks.
            if text != state.manifests {
                results.dispatch(ResultsAction::Unpin);
            }
            state.dispatch(Action::EditManifests(text));
        })
    };
    // One callback per text: a new one would redraw the findings on every render.
    let apply = use_memo(state.generation, {
        let (state, results) = (state.clone(), results.dispatcher());
        move |_| {
            let apply = apply_fix(&state, Action::EditManifests, |s| &s.manifests);
            Callback::from(move |fix: aksnet_core::Fix| {
                results.dispatch(ResultsAction::Pin);
                apply.emit(fix);
            })
        }
    });
    let on_toggle = {
        let (ticked, generation) = (ticked.clone(), state.generation);
        let chosen = chosen.clone();
        Callback::from(move |finding: usize| ticked.set((generation, toggled(&chosen, finding))))
    };
    let on_apply = (!stale && !state.readonly).then(|| (*apply).clone());
    html! {
        <div class="workspace">
            <section class="pane editor-pane" aria-label={t.manifests}>
                <h2>{ t.manifests }</h2>
                <Editor testid="manifest-editor" label={t.manifests_label} value={state.manifests.clone()}
                    readonly={state.readonly} {oninput} findings={findings.clone()} />
            </section>
            <section class="pane results-pane" aria-label={t.results} aria-busy={stale.to_string()} data-testid="results"
                data-generation={results.report.as_ref().map(|r| r.generation.to_string())}>
                if results.crashed == Some(state.generation) {
                    <p class="crashed" role="alert" data-testid="analysis-crashed">{ t.analysis_crashed }</p>
                }
                if let Some(report) = report {
                    <p class="status" data-testid="analysis-status">
                        { t.analysed_in.replace("{ms}", &format!("{:.0}", report.elapsed_ms.max(1.0))) }
                    </p>
                    <h2>{ t.reachability }</h2>
                    <EngineSelector choice={state.engine} plan={plan_engine} />
                    { engine_banner(report.engine, state.lang) }
                    <Matrix report={report.clone()} changed={results.changed.clone()}
                        namespace={state.matrix_namespace.clone()} />
                    <Explanation report={report.clone()} flow={state.flow.clone()} />
                    <h2>{ t.findings }</h2>
                    <FindingList {findings} editor="manifest-editor" on_apply={on_apply.clone()} />
                    <Migration open={state.migration} view={report.migration.clone()} {on_apply} />
                    if let Some((corrected, diff)) = results.fixed.clone() {
                        <h2>{ t.corrected }</h2>
                        <UnsafeFixes fixes={results.unsafe_fixes.clone()} {on_toggle}
                            disabled={stale} port={Some(report.port)} more={results.unsafe_more} />
                        <Corrected original={results.text.clone()} {corrected} {diff}
                            testid="corrected-yaml" file_name="manifests.fixed.yaml" />
                    }
                    <h2>{ t.objects }</h2>
                    <ObjectList objects={report.clone()} />
                } else {
                    <p class="hint" data-testid="analysing">{ t.analysing }</p>
                }
            </section>
        </div>
    }
}

/// The policy engine of the plan's cluster (`--network-policy`, `--network-dataplane`); `None`
/// when the plan has no cluster.
fn plan_engine(plan: &str) -> Option<aksnet_core::Engine> {
    if plan.trim().is_empty() {
        return None;
    }
    check_plan(&SourceFile::new(PLAN_FILE, plan), 0)
        .plan
        .policy_engine()
}

/// Runs `send` now, or after a pause in typing when the text is large; a newer call cancels a
/// waiting one.
pub(crate) fn wait_for_pause(
    pause: &Rc<RefCell<Option<Timeout>>>,
    large: bool,
    send: impl FnOnce() + 'static,
) {
    let mut pause = pause.borrow_mut();
    if large {
        *pause = Some(Timeout::new(TYPING_PAUSE_MS, send));
    } else {
        // Dropping a waiting timeout cancels it.
        *pause = None;
        send();
    }
}

#[function_component(PlanTab)]
fn plan_tab() -> Html {
    let state =
        use_context::<AppContext>().expect("PlanTab is rendered inside the AppContext provider");
    let t = state.lang.text();
    // The Policies tab's NetworkPolicies, read as its texts are (a large text in the worker): the
    // plan's checks are told about them, so that a cluster without a policy engine says they
    // have no effect (network-policy-none).
    let policies = use_state(|| None::<Rc<PoliciesOf>>);
    let background = use_memo((), {
        let policies = policies.setter();
        move |()| {
            Background::new(move |outcome| {
                if let Outcome::PoliciesOf(found) = outcome {
                    policies.set(Some(Rc::new(found)));
                }
            })
        }
    });
    use_effect_with(state.generation, {
        let manifests = state.manifests.clone();
        move |generation: &u64| {
            let request = Request::PoliciesOf(PoliciesOfRequest {
                generation: *generation,
                manifests: manifests.to_string(),
            });
            background.request(request, &Rc::from(""));
        }
    });
    // Only the answer on the current text counts; until it comes, the plan is checked alone.
    let refs = (*policies)
        .clone()
        .filter(|found| found.generation == state.generation);
    let checked = use_memo((state.plan.clone(), refs), |(text, refs)| {
        let refs = refs.as_ref().map(|found| found.refs()).unwrap_or_default();
        let report = check_plan_with(&SourceFile::new(PLAN_FILE, text.to_string()), 0, &refs);
        let findings = Rc::new(report.findings.clone());
        (Rc::new(report), findings)
    });
    let (report, findings) = (*checked).clone();
    // The unsafe fixes ticked, for one plan text: the corrected plan holds the safe fixes and
    // these (a different range changes the deployed network, so none is applied unasked).
    let ticked = use_state(|| (AttrValue::default(), Vec::<usize>::new()));
    let chosen: Vec<usize> = if ticked.0 == state.plan {
        ticked.1.clone()
    } else {
        Vec::new()
    };
    // Keyed by the text: the report above is the text's.
    let (report, unsafe_fixes) = (*use_memo((state.plan.clone(), chosen.clone()), {
        move |(text, chosen): &(AttrValue, Vec<usize>)| {
            let mut corrected = (*report).clone();
            corrected.corrected = report.corrected_where(text, |index, fix| {
                fix.applies(Applicability::Safe) || chosen.contains(&index)
            });
            let unsafe_fixes: Vec<UnsafeFixView> = report
                .findings
                .iter()
                .enumerate()
                .filter_map(|(index, f)| {
                    let fix = f
                        .fix
                        .as_ref()
                        .filter(|fix| !fix.applies(Applicability::Safe))?;
                    Some(UnsafeFixView {
                        finding: index,
                        code: f.code.as_str().to_owned(),
                        title: fix.title_text(),
                        chosen: chosen.contains(&index),
                        effect: None,
                    })
                })
                .collect();
            (Rc::new(corrected), Rc::new(unsafe_fixes))
        }
    }))
    .clone();
    let on_toggle = {
        let (ticked, text) = (ticked.clone(), state.plan.clone());
        Callback::from(move |finding: usize| ticked.set((text.clone(), toggled(&chosen, finding))))
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |text| state.dispatch(Action::EditPlan(text)))
    };
    html! {
        <div class="workspace">
            <section class="pane editor-pane" aria-label={t.plan}>
                <h2>{ t.plan }</h2>
                <Editor testid="plan-editor" label={t.plan_label} value={state.plan.clone()} readonly={state.readonly} plan=true {oninput}
                    findings={findings.clone()} />
            </section>
            <section class="pane results-pane" aria-label={t.results}>
                <h2>{ t.findings }</h2>
                if state.plan.trim().is_empty() {
                    <PlanExamples />
                } else {
                    <FindingList findings={findings} editor="plan-editor" on_apply={(!state.readonly).then(|| apply_fix(&state, Action::EditPlan, |s| &s.plan))} />
                }
                if !unsafe_fixes.is_empty() {
                    <h2>{ t.corrected }</h2>
                    <UnsafeFixes fixes={unsafe_fixes} {on_toggle} disabled={false} port={None::<FlowPort>} />
                }
                <PlanView report={report.clone()} />
            </section>
        </div>
    }
}

/// The unsafe fixes ticked (finding indexes, sorted) after the box of `finding` is clicked.
fn toggled(chosen: &[usize], finding: usize) -> Vec<usize> {
    let mut next = chosen.to_vec();
    match next.binary_search(&finding) {
        Ok(at) => {
            next.remove(at);
        }
        Err(at) => next.insert(at, finding),
    }
    next
}

/// A callback that applies a fix's edits to one editor's text, as if the user had typed them.
fn apply_fix(
    state: &AppContext,
    edit: fn(AttrValue) -> Action,
    text: fn(&AppState) -> &AttrValue,
) -> Callback<aksnet_core::Fix> {
    let state = state.clone();
    Callback::from(move |fix: aksnet_core::Fix| {
        state.dispatch(edit(apply_edits(text(&state), &fix).into()));
    })
}
