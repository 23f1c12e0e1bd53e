//! The Exercises tab: the built-in workshop exercises (static/exercises/), each with its story,
//! editors that start from the exercise's files, a checklist of goals re-checked on every edit,
//! hints one at a time, and the reference solution behind a confirmation. Progress and each
//! exercise's texts stay in this browser; `?exercise=<id>` opens one directly.

use std::rc::Rc;

use aksnet_core::exercise::{self, Exercise, ExerciseReport};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::analysis::{ExerciseRequest, Request, apply_fix};
use crate::app::{LARGE_TEXT, wait_for_pause};
use crate::background::{Background, Outcome};
use crate::browser;
use crate::components::editor::Editor;
use crate::components::findings::FindingList;
use crate::state::{Action, AppContext};

/// One exercise's texts as the participant left them.
#[derive(Clone, PartialEq)]
struct Work {
    manifests: AttrValue,
    plan: AttrValue,
}

impl Work {
    fn start(exercise: &Exercise) -> Self {
        Self {
            manifests: exercise.start.manifests.clone().into(),
            plan: exercise.start.plan.clone().into(),
        }
    }

    fn kept_or_start(exercise: &Exercise) -> Self {
        browser::exercise_work(&exercise.id).map_or_else(
            || Self::start(exercise),
            |(manifests, plan)| Self {
                manifests: manifests.into(),
                plan: plan.into(),
            },
        )
    }
}

#[function_component(ExercisesTab)]
pub fn exercises_tab() -> Html {
    let state = use_context::<AppContext>()
        .expect("ExercisesTab is rendered inside the AppContext provider");
    let t = state.lang.text();
    let lang = state.lang.into();
    let done = use_state(browser::exercises_done);
    let catalog = exercise::catalog();
    let current = state
        .exercise
        .as_deref()
        .and_then(exercise::find)
        .or_else(|| catalog.first());
    let list = catalog.iter().map(|e| {
        let is_current = current.is_some_and(|c| c.id == e.id);
        let is_done = done.contains(&e.id);
        let onclick = {
            let (state, id) = (state.clone(), e.id.clone());
            Callback::from(move |_| state.dispatch(Action::OpenExercise(id.clone())))
        };
        html! {
            <li>
                <button class={classes!("exercise-link", is_current.then_some("current"))}
                    aria-current={is_current.then_some("step")} data-testid="exercise-link"
                    data-exercise={e.id.clone()} data-done={is_done.to_string()} {onclick}>
                    <span class="progress-mark" aria-label={if is_done { t.exercise_done } else { t.exercise_open }}>
                        { if is_done { "✓" } else { "○" } }
                    </span>
                    { " " }{ e.title.get(lang) }
                </button>
            </li>
        }
    });
    html! {
        <div class="workspace exercises">
            <nav class="pane exercise-list" aria-label={t.tab_exercises}>
                <h2>{ t.tab_exercises }</h2>
                <p class="status" data-testid="exercise-progress">
                    { t.exercises_progress.replace("{done}", &done.len().to_string()).replace("{total}", &catalog.len().to_string()) }
                </p>
                <ol>{ for list }</ol>
            </nav>
            if let Some(exercise) = current {
                <ExerciseView key={exercise.id.clone()} id={exercise.id.clone()} done={done.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ExerciseViewProps {
    id: AttrValue,
    done: UseStateHandle<Vec<String>>,
}

#[function_component(ExerciseView)]
fn exercise_view(props: &ExerciseViewProps) -> Html {
    let state = use_context::<AppContext>()
        .expect("ExerciseView is rendered inside the AppContext provider");
    let t = state.lang.text();
    let lang = state.lang.into();
    let Some(exercise) = exercise::find(&props.id) else {
        return html! {};
    };
    let work = use_state(|| Work::kept_or_start(exercise));
    // The findings the goals are about lead; the others are one click away.
    let focus = use_memo(props.id.clone(), |_| {
        let codes: Vec<&'static str> = exercise
            .concerned_codes()
            .into_iter()
            .map(aksnet_core::Code::as_str)
            .collect();
        codes
    });
    let hints = use_state(|| 0_usize);
    let confirming = use_state(|| false);
    // Checked as the Policies tab is analysed: a large text in the worker after a pause in
    // typing, so that pasting into an exercise never freezes the page.
    let checked = use_state(|| None::<Checked>);
    let background = use_memo((), {
        let checked = checked.clone();
        move |()| {
            Background::new(move |outcome| {
                if let Outcome::Exercise(check) = outcome {
                    checked.set(Some(Checked {
                        report: Rc::new(check.report),
                        manifest_findings: Rc::new(check.manifest_findings),
                        plan_findings: Rc::new(check.plan_findings),
                    }));
                }
            })
        }
    });
    let generation = use_mut_ref(|| 0_u64);
    let pause = use_mut_ref(|| None::<Timeout>);
    use_effect_with((*work).clone(), {
        let id = exercise.id.clone();
        move |work: &Work| {
            *generation.borrow_mut() += 1;
            let request = Request::Exercise(ExerciseRequest {
                generation: *generation.borrow(),
                exercise: id,
                manifests: work.manifests.to_string(),
                plan: work.plan.to_string(),
            });
            let large = work.manifests.len() + work.plan.len() > LARGE_TEXT;
            wait_for_pause(&pause, large, move || {
                background.request(request, &Rc::from(""));
            });
        }
    });
    let Checked {
        report,
        manifest_findings,
        plan_findings,
    } = (*checked).clone().unwrap_or_else(|| Checked {
        report: Rc::new(ExerciseReport {
            exercise: exercise.id.clone(),
            met: false,
            goals: Vec::new(),
        }),
        manifest_findings: Rc::default(),
        plan_findings: Rc::default(),
    });

    // Progress is kept the moment every goal is met, and the texts on every edit.
    {
        let done = props.done.clone();
        let id = exercise.id.clone();
        use_effect_with((report.met, (*work).clone()), move |(met, work)| {
            browser::keep_exercise_work(&id, &work.manifests, &work.plan);
            if *met && !done.contains(&id) {
                let mut next = (*done).clone();
                next.push(id);
                browser::keep_exercises_done(&next);
                done.set(next);
            }
        });
    }
    let edit_manifests = change(&work, |w| &mut w.manifests, |_, text: AttrValue| text);
    let edit_plan = change(&work, |w| &mut w.plan, |_, text: AttrValue| text);
    let apply_to_manifests = change(
        &work,
        |w| &mut w.manifests,
        |text, fix: aksnet_core::Fix| apply_fix(text, &fix).into(),
    );
    let apply_to_plan = change(
        &work,
        |w| &mut w.plan,
        |text, fix: aksnet_core::Fix| apply_fix(text, &fix).into(),
    );
    let next_hint = {
        let hints = hints.clone();
        Callback::from(move |_| hints.set(*hints + 1))
    };
    let ask_solution = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let cancel_solution = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let show_solution = {
        let (work, confirming) = (work.clone(), confirming.clone());
        Callback::from(move |_| {
            work.set(Work {
                manifests: exercise.solution.manifests.clone().into(),
                plan: exercise.solution.plan.clone().into(),
            });
            confirming.set(false);
        })
    };
    let restart = {
        let work = work.clone();
        Callback::from(move |_| work.set(Work::start(exercise)))
    };
    let link = browser::exercise_link(&exercise.id);
    let goals = report.goals.iter().map(|goal| {
        html! {
            <li class={classes!("goal", if goal.met { "met" } else { "unmet" })} data-testid="goal"
                data-goal={goal.id.clone()} data-met={goal.met.to_string()}>
                <span class="goal-mark" aria-hidden="true">{ if goal.met { "✓" } else { "✗" } }</span>
                <span class="visually-hidden">{ if goal.met { t.goal_met } else { t.goal_unmet } }</span>
                { " " }{ goal.title.get(lang) }
                if let Some(detail) = &goal.detail {
                    <div class="goal-detail">{ detail.get(lang) }</div>
                }
            </li>
        }
    });
    html! {
        <>
            <section class="pane exercise-story" aria-label={exercise.title.get(lang).to_owned()} data-testid="exercise" data-exercise={exercise.id.clone()}>
                <h2>{ exercise.title.get(lang) }</h2>
                <p class="story">{ exercise.story.get(lang) }</p>
                <h3>{ t.goals }</h3>
                <p class={classes!("status", report.met.then_some("all-met"))} data-testid="exercise-status" data-met={report.met.to_string()} aria-live="polite">
                    { if report.met { t.all_goals_met.to_owned() } else {
                        t.goals_met.replace("{met}", &report.met_count().to_string()).replace("{total}", &report.goals.len().to_string())
                    } }
                </p>
                <ul class="goals" data-testid="goals">{ for goals }</ul>
                <h3>{ t.hints }</h3>
                <ol class="hints" data-testid="hints">
                    { for exercise.hints.iter().take(*hints).map(|h| html! { <li data-testid="hint">{ h.get(lang) }</li> }) }
                </ol>
                <div class="exercise-actions">
                    if *hints < exercise.hints.len() {
                        <button data-testid="next-hint" onclick={next_hint}>{ t.show_hint }</button>
                    }
                    if *confirming {
                        <span role="alertdialog" aria-label={t.show_solution} class="confirm">
                            { t.solution_confirm }{ " " }
                            <button data-testid="confirm-solution" onclick={show_solution}>{ t.show_solution }</button>
                            <button onclick={cancel_solution}>{ t.cancel }</button>
                        </span>
                    } else {
                        <button data-testid="show-solution" onclick={ask_solution}>{ t.show_solution }</button>
                    }
                    <button data-testid="restart-exercise" onclick={restart}>{ t.restart_exercise }</button>
                </div>
                <p class="exercise-link-line">
                    { t.exercise_direct_link }{ " " }
                    <input class="share-link" readonly=true aria-label={t.exercise_direct_link} value={link} data-testid="exercise-direct-link" />
                </p>
            </section>
            <section class="pane editor-pane exercise-editors" aria-label={t.manifests}>
                if exercise.uses_manifests() {
                    <h2>{ t.manifests }</h2>
                    <Editor testid="exercise-manifests" label={t.manifests_label} value={work.manifests.clone()}
                        oninput={edit_manifests} findings={manifest_findings.clone()} />
                    <FindingList findings={manifest_findings} editor="exercise-manifests" on_apply={Some(apply_to_manifests)}
                        focus={(!focus.is_empty()).then(|| focus.clone())} />
                }
                if exercise.uses_plan() {
                    <h2>{ t.plan }</h2>
                    <Editor testid="exercise-plan" label={t.plan_label} value={work.plan.clone()} plan=true
                        oninput={edit_plan} findings={plan_findings.clone()} />
                    <FindingList findings={plan_findings} editor="exercise-plan" on_apply={Some(apply_to_plan)}
                        focus={(!focus.is_empty()).then(|| focus.clone())} />
                }
            </section>
        </>
    }
}

/// A callback that replaces one of the exercise's texts with `update(text, input)`.
fn change<T: 'static>(
    work: &UseStateHandle<Work>,
    text: fn(&mut Work) -> &mut AttrValue,
    update: fn(&AttrValue, T) -> AttrValue,
) -> Callback<T> {
    let work = work.clone();
    Callback::from(move |input: T| {
        let mut next = (*work).clone();
        let slot = text(&mut next);
        *slot = update(slot, input);
        work.set(next);
    })
}

/// The goals' report and the findings of each text, for the latest texts checked.
#[derive(Clone)]
struct Checked {
    report: Rc<ExerciseReport>,
    manifest_findings: Rc<Vec<aksnet_core::Finding>>,
    plan_findings: Rc<Vec<aksnet_core::Finding>>,
}
