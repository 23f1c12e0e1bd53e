//! The page's state and the actions that change it.

use std::rc::Rc;

use aksnet_core::{CiliumVersion, Code, Engine, FlowPort};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::share::{FOLLOW_PLAN, Saved};

/// Which policy engine the matrix, the explanations and the findings answer for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineChoice {
    /// The engine of the Network plan tab's cluster (its `--network-policy` and
    /// `--network-dataplane`); the specification when the plan has no cluster.
    Plan,
    /// Chosen in the selector: it holds whatever the plan says, until the user follows the plan
    /// again (decisions/0200).
    Chosen(Engine),
}

impl EngineChoice {
    /// The engine in force, given what the plan's cluster runs (`None`: the plan has no cluster).
    pub fn engine(self, plan: Option<Engine>) -> Engine {
        match self {
            EngineChoice::Plan => plan.unwrap_or(Engine::Spec),
            EngineChoice::Chosen(engine) => engine,
        }
    }

    /// What a link or a session keeps ([`Saved::engine`]).
    fn saved(self) -> String {
        match self {
            EngineChoice::Plan => FOLLOW_PLAN.to_owned(),
            EngineChoice::Chosen(engine) => crate::share::engine_text(engine),
        }
    }

    /// The choice a link or a session kept: one made before engines existed (or by a later
    /// version, naming an engine this page does not know) opens as the specification.
    fn restored(saved: Option<&str>) -> Self {
        match saved {
            Some(FOLLOW_PLAN) => EngineChoice::Plan,
            saved => EngineChoice::Chosen(
                saved
                    .and_then(crate::share::read_engine)
                    .unwrap_or(Engine::Spec),
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Policies,
    Plan,
    Exercises,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Policies, Tab::Plan, Tab::Exercises];

    /// The id of the tab's button: the tab panel is labelled by it.
    pub const fn element_id(self) -> &'static str {
        match self {
            Tab::Policies => "tab-policies",
            Tab::Plan => "tab-plan",
            Tab::Exercises => "tab-exercises",
        }
    }

    /// The tab's name in a link or a saved session (`""` for the Policies tab, the default).
    pub const fn name(self) -> &'static str {
        match self {
            Tab::Policies => "",
            Tab::Plan => "plan",
            Tab::Exercises => "exercises",
        }
    }

    pub fn from_name(name: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .unwrap_or(Tab::Policies)
    }

    /// The tab after this one, wrapping around.
    pub fn next(self) -> Tab {
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Tab::ALL[(at + 1) % Tab::ALL.len()]
    }

    pub fn previous(self) -> Tab {
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Tab::ALL[(at + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    /// The `data-testid` of the editor holding the line.
    pub editor: AttrValue,
    pub line: usize,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub tab: Tab,
    /// The editors' texts, shared rather than copied: a pasted dump can be megabytes.
    pub manifests: AttrValue,
    pub plan: AttrValue,
    /// Counts the manifest texts, so a report can tell which text it describes.
    pub generation: u64,
    /// The editor line last asked for (a click on a finding), with a count that makes asking for
    /// the same line again a change.
    pub reveal: Option<Reveal>,
    /// The port the matrix shows.
    pub port: FlowPort,
    /// The namespace a large matrix is narrowed to.
    pub matrix_namespace: Option<String>,
    /// Whether the matrix shows representatives derived from the policies' selectors; `None`
    /// until the reader chooses (then they show when the input has fewer than two pods or
    /// workloads).
    pub representatives: Option<bool>,
    /// The matrix cell whose explanation is shown, by endpoint id.
    pub flow: Option<(String, String)>,
    /// The policy engine the Policies tab answers for.
    pub engine: EngineChoice,
    /// The Cilium release the "Azure NPM → Cilium" view migrates to, while it is open.
    pub migration: Option<CiliumVersion>,
    /// The exercise the Exercises tab shows, by id.
    pub exercise: Option<String>,
    /// The finding code whose rule page is shown.
    pub rule: Option<Code>,
    /// Framed in documentation (`?embed=1`): minimal chrome.
    pub embed: bool,
    /// `?readonly=1`: the editors cannot be changed.
    pub readonly: bool,
    /// The texts came from the address's link and were not edited yet: the session this browser
    /// kept is still untouched.
    pub from_link: bool,
    /// How many earlier sessions are kept in this browser (docs/security.md).
    pub previous: usize,
    /// The page died last time; its texts wait in storage to be opened or discarded.
    pub rescued: bool,
    /// The last save failed: the page says so and offers the texts as files.
    pub save_failed: bool,
    /// The address held a link this page cannot open.
    pub link_problem: Option<crate::share::Unreadable>,
    /// A session saved by a newer version is kept aside in this browser.
    pub unreadable_session: bool,
    /// Another tab wrote the session: this tab writes nothing until the user chooses whose
    /// work to keep.
    pub other_tab: bool,
    pub lang: Lang,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            tab: Tab::Policies,
            manifests: AttrValue::Static(crate::examples::EXAMPLE_MANIFESTS),
            plan: AttrValue::Static(crate::examples::EXAMPLE_PLAN),
            generation: 0,
            reveal: None,
            exercise: None,
            port: FlowPort::tcp(80),
            matrix_namespace: None,
            representatives: None,
            flow: None,
            engine: EngineChoice::Plan,
            migration: None,
            rule: None,
            embed: false,
            readonly: false,
            from_link: false,
            previous: 0,
            rescued: false,
            save_failed: false,
            link_problem: None,
            unreadable_session: false,
            other_tab: false,
            lang: Lang::En,
        }
    }
}

impl AppState {
    /// The state a share link or a saved session restores; the examples otherwise.
    pub fn restored(saved: Option<Saved>) -> Self {
        let mut state = Self::default();
        if let Some(saved) = saved {
            state.load(saved);
        }
        state
    }

    fn load(&mut self, saved: Saved) {
        self.manifests = saved.manifests.into();
        self.plan = saved.plan.into();
        self.tab = Tab::from_name(&saved.tab);
        self.engine = EngineChoice::restored(saved.engine.as_deref());
        self.generation += 1;
        self.flow = None;
        self.reveal = None;
    }

    /// The state with the tab, exercise and port the last visit left, when there was one.
    #[must_use]
    pub fn viewing(mut self, view: Option<crate::browser::View>) -> Self {
        if let Some(view) = view {
            self.tab = Tab::from_name(&view.tab);
            self.exercise = view.exercise;
            self.port = FlowPort::parse(&view.port).unwrap_or(self.port);
            self.representatives = view.representatives;
        }
        self
    }

    /// The state with the exercise a link asked for open.
    #[must_use]
    pub fn opening(mut self, exercise: Option<String>) -> Self {
        if let Some(id) = exercise {
            self.tab = Tab::Exercises;
            self.exercise = Some(id);
        }
        self
    }

    pub fn saved(&self) -> Saved {
        Saved {
            manifests: self.manifests.to_string(),
            plan: self.plan.to_string(),
            tab: self.tab.name().to_owned(),
            engine: Some(self.engine.saved()),
        }
    }
}

pub enum Action {
    ShowTab(Tab),
    EditManifests(AttrValue),
    EditPlan(AttrValue),
    /// Show and select a line of the editor with this `data-testid`.
    RevealLine(AttrValue, usize),
    OpenExercise(String),
    /// Load a gallery example into the editor it is written for.
    LoadExample(&'static crate::examples::Example),
    ChoosePort(FlowPort),
    ChooseNamespace(String),
    /// Show or hide the representatives in the matrix.
    ShowRepresentatives(bool),
    SelectFlow(String, String),
    ChooseEngine(EngineChoice),
    /// Open the migration view for a Cilium release, or close it.
    ShowMigration(Option<CiliumVersion>),
    ShowRule(Option<Code>),
    /// Back to the examples.
    Reset,
    /// Replace the texts with a kept session (an earlier one, or the one a crash left).
    Open(Saved),
    /// The link's document was edited and became the session; `usize` earlier sessions are kept.
    Adopted(usize),
    /// `usize` earlier sessions are kept now.
    Previous(usize),
    /// The texts a crash left were opened or discarded.
    RescueHandled,
    /// Whether the last save worked.
    Saved(bool),
    /// Another tab wrote the session (`true`), or the user chose whose work to keep (`false`).
    OtherTab(bool),
    SetLang(Lang),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ShowTab(tab) => next.tab = tab,
            Action::EditManifests(text) => {
                next.manifests = text;
                next.generation += 1;
            }
            Action::RevealLine(editor, line) => {
                let count = self.reveal.as_ref().map_or(0, |r| r.count + 1);
                next.reveal = Some(Reveal {
                    editor,
                    line,
                    count,
                });
            }
            Action::LoadExample(example) => {
                next.tab = example.tab;
                match example.tab {
                    Tab::Plan => next.plan = AttrValue::Static(example.text),
                    _ => {
                        next.manifests = AttrValue::Static(example.text);
                        next.generation += 1;
                        next.flow = None;
                    }
                }
            }
            Action::OpenExercise(id) => {
                next.tab = Tab::Exercises;
                next.exercise = Some(id);
            }
            Action::EditPlan(text) => next.plan = text,
            Action::ChoosePort(port) => next.port = port,
            Action::ChooseNamespace(namespace) => next.matrix_namespace = Some(namespace),
            Action::ShowRepresentatives(show) => next.representatives = Some(show),
            Action::SelectFlow(from, to) => next.flow = Some((from, to)),
            Action::ChooseEngine(engine) => next.engine = engine,
            Action::ShowMigration(target) => next.migration = target,
            Action::ShowRule(code) => next.rule = code,
            Action::Reset => {
                next = AppState {
                    generation: self.generation + 1,
                    embed: self.embed,
                    readonly: self.readonly,
                    previous: self.previous,
                    rescued: self.rescued,
                    other_tab: self.other_tab,
                    lang: self.lang,
                    ..AppState::default()
                };
            }
            Action::Open(saved) => {
                next.load(saved);
                next.from_link = false;
            }
            Action::Adopted(previous) => {
                next.from_link = false;
                next.previous = previous;
            }
            Action::Previous(previous) => next.previous = previous,
            Action::RescueHandled => next.rescued = false,
            Action::Saved(worked) => next.save_failed = !worked,
            Action::OtherTab(wrote) => next.other_tab = wrote,
            Action::SetLang(lang) => next.lang = lang,
        }
        Rc::new(next)
    }
}

pub type AppContext = UseReducerHandle<AppState>;

/// What the result views take from the page besides their props: the language, and the state's
/// dispatcher to act on it. Unlike [`AppContext`] it changes only with the language, so the views
/// that read it are not redrawn on every keystroke when their props are unchanged.
#[derive(Clone, PartialEq)]
pub struct ViewContext {
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: the engine is part of what a link keeps; a link made before engines existed
    /// opens as the specification, whatever its plan says; a fresh page follows its plan.
    #[test]
    fn issue_16_links_keep_the_engine_and_old_links_open_as_spec() {
        let mut state = AppState::default();
        assert_eq!(state.engine, EngineChoice::Plan);
        assert_eq!(state.engine.engine(Some(Engine::Azure)), Engine::Azure);
        assert_eq!(state.engine.engine(None), Engine::Spec);
        let cilium = Engine::Cilium(CiliumVersion::V1_16);
        state.engine = EngineChoice::Chosen(cilium);
        let link = crate::share::encode(&state.saved());
        let opened = AppState::restored(crate::share::decode(&link));
        assert_eq!(opened.engine, EngineChoice::Chosen(cilium));
        assert_eq!(opened.engine.engine(Some(Engine::Azure)), cilium);
        let following = AppState::default().saved();
        assert_eq!(
            AppState::restored(crate::share::decode(&crate::share::encode(&following))).engine,
            EngineChoice::Plan
        );
        // `{"m":"a","p":"b"}`, as the page wrote links before engines (share.rs pins it).
        let old = AppState::restored(crate::share::decode("#v1.q1bKVbJSSlTSUSoA0klKtQA"));
        assert_eq!(old.engine, EngineChoice::Chosen(Engine::Spec));
        assert_eq!(old.engine.engine(Some(Engine::Azure)), Engine::Spec);
    }
}
