//! Runs the [`Analyst`] in a web worker so that typing never waits for an analysis.
//!
//! The worker is this same WebAssembly module started again by `analysis-worker.js`: its `main`
//! finds no window and calls [`serve_worker`]. A warm spare is kept beside the busy worker, so a
//! newer request cancels a running analysis at once: the busy worker is terminated and the spare
//! takes the request. Only a small input (bounded in bytes and objects, [`Request::small`]) is
//! analysed on the page's thread; so is everything where no worker starts (the component tests,
//! a browser without module workers). An analysis that crashes takes only
//! its worker down: the page reports it and keeps the user's text.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::analysis::{Analyst, ExerciseCheck, PoliciesOf, PolicyReport, Reply, Request};

/// The script that starts the worker, copied beside index.html.
const WORKER_SCRIPT: &str = "./analysis-worker.js";

#[derive(Serialize, Deserialize)]
enum FromWorker {
    Ready,
    Report(Reply),
    /// The request left out a text this worker does not have.
    TextMissing,
}

/// Tells the workers' callbacks apart.
static NEXT_WORKER_ID: AtomicU32 = AtomicU32::new(0);

/// What reaches the page.
pub enum Outcome {
    /// A report on the latest text, with that text.
    Report(Box<PolicyReport>, Rc<str>),
    /// The check of the latest exercise texts.
    Exercise(Box<ExerciseCheck>),
    /// The NetworkPolicies of the latest manifests, for the plan's checks.
    PoliciesOf(PoliciesOf),
    /// The analysis of this generation's text stopped on an internal error.
    Crashed(u64),
}

/// The page's handle; cloning it shares the same workers.
#[derive(Clone)]
pub struct Background(Rc<RefCell<Inner>>);

struct Inner {
    deliver: Rc<dyn Fn(Outcome)>,
    /// `None` once workers proved unavailable: the analyst then runs here.
    workers: Option<Pool>,
    here: Analyst,
    /// The latest request, with its text, to resend to a worker that lacks it.
    latest: Option<(Request, Rc<str>)>,
}

struct Pool {
    active: Slot,
    spare: Option<Slot>,
}

struct Slot {
    id: u32,
    worker: Worker,
    ready: bool,
    busy: Option<u64>,
    /// The generation of the text the worker keeps.
    holds: Option<u64>,
    pending: Option<Request>,
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
}

impl Pool {
    fn slot(&mut self, id: u32) -> Option<&mut Slot> {
        if self.active.id == id {
            return Some(&mut self.active);
        }
        self.spare.as_mut().filter(|spare| spare.id == id)
    }

    /// Puts the spare (or else `fresh`) in the active worker's place; dropping the old one
    /// terminates it.
    fn replace_active(&mut self, fresh: Option<Slot>) {
        match self.spare.take() {
            Some(spare) => {
                self.active = spare;
                self.spare = fresh;
            }
            None => {
                if let Some(fresh) = fresh {
                    self.active = fresh;
                }
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // A reply already on its way must not reach the listeners dropped with this slot.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl Background {
    pub fn new(deliver: impl Fn(Outcome) + 'static) -> Self {
        let background = Background(Rc::new(RefCell::new(Inner {
            deliver: Rc::new(deliver),
            workers: None,
            here: Analyst::default(),
            latest: None,
        })));
        if let Some(active) = background.spawn() {
            let spare = background.spawn();
            background.0.borrow_mut().workers = Some(Pool { active, spare });
        }
        background
    }

    /// Asks for a report (on `text`, for the Policies tab); a newer request supersedes any
    /// running one. A small input is answered at once on the page's thread: the answer is ready
    /// within the same frame, sooner than a round trip to a worker.
    pub fn request(&self, request: Request, text: &Rc<str>) {
        let request = request.without_text();
        let small = request.small(text);
        let mut inner = self.0.borrow_mut();
        inner.latest = Some((request.clone(), text.clone()));
        let busy = inner
            .workers
            .as_ref()
            .is_some_and(|pool| pool.active.busy.is_some());
        // Terminating is the only way to stop a computation in a worker.
        let fresh = if busy { self.spawn() } else { None };
        if let Some(pool) = inner.workers.as_mut() {
            if busy {
                pool.replace_active(fresh);
            }
            if !small {
                post(&mut pool.active, request, text);
                return;
            }
        }
        drop(inner);
        self.answer_here();
    }

    fn answer_here(&self) {
        let mut inner = self.0.borrow_mut();
        let Some((mut request, text)) = inner.latest.clone() else {
            return;
        };
        if !inner.here.keeps(request.generation()) {
            request = request.with_text(&text);
        }
        let reply = timed_answer(&mut inner.here, request);
        let deliver = inner.deliver.clone();
        drop(inner);
        if let Some(reply) = reply {
            deliver(outcome(reply, text));
        }
    }

    fn spawn(&self) -> Option<Slot> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let url = format!(
            "{WORKER_SCRIPT}?glue={}",
            js_sys::encode_uri_component(&module_url())
        );
        let worker = Worker::new_with_options(&url, &options).ok()?;
        let id = NEXT_WORKER_ID.fetch_add(1, Ordering::Relaxed);
        let weak = Rc::downgrade(&self.0);
        let onmessage = Closure::<dyn FnMut(JsValue)>::new({
            let weak = weak.clone();
            move |event: JsValue| {
                let Some(inner) = weak.upgrade() else { return };
                let Some(data) = event
                    .dyn_into::<MessageEvent>()
                    .ok()
                    .and_then(|e| e.data().as_string())
                else {
                    return;
                };
                if let Ok(message) = serde_json::from_str::<FromWorker>(&data) {
                    Background(inner).received(id, message);
                }
            }
        });
        let onerror = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            if let Some(inner) = weak.upgrade() {
                Background(inner).failed(id);
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Some(Slot {
            id,
            worker,
            ready: false,
            busy: None,
            holds: None,
            pending: None,
            _listeners: [onmessage, onerror],
        })
    }

    fn received(&self, id: u32, message: FromWorker) {
        let mut inner = self.0.borrow_mut();
        let latest = inner.latest.clone();
        let deliver = inner.deliver.clone();
        let Some(slot) = inner.workers.as_mut().and_then(|pool| pool.slot(id)) else {
            return;
        };
        match message {
            FromWorker::Ready => {
                slot.ready = true;
                if let Some(request) = slot.pending.take()
                    && let Some((_, text)) = latest
                {
                    post(slot, request, &text);
                }
            }
            FromWorker::Report(reply) => {
                slot.busy = None;
                drop(inner);
                // A report on an older text than the latest request's is already superseded.
                if let Some((request, text)) = latest
                    && request.generation() == reply.generation()
                {
                    deliver(outcome(reply, text));
                }
            }
            FromWorker::TextMissing => {
                slot.busy = None;
                slot.holds = None;
                if let Some((request, text)) = latest {
                    post(slot, request, &text);
                }
            }
        }
    }

    /// A worker that fails before it is ready means workers do not work here: the analyst moves
    /// to the page's thread. One that fails later crashed on its input.
    fn failed(&self, id: u32) {
        let mut inner = self.0.borrow_mut();
        let Some(pool) = inner.workers.as_ref() else {
            return;
        };
        let active = pool.active.id == id;
        if active && !pool.active.ready {
            inner.workers = None;
            drop(inner);
            self.answer_here();
            return;
        }
        let crashed = if active { pool.active.busy } else { None };
        let deliver = inner.deliver.clone();
        drop(inner);
        let fresh = self.spawn();
        if let Some(pool) = self.0.borrow_mut().workers.as_mut() {
            if active {
                pool.replace_active(fresh);
            } else {
                pool.spare = fresh;
            }
        }
        if let Some(generation) = crashed {
            deliver(Outcome::Crashed(generation));
        }
    }
}

fn outcome(reply: Reply, text: Rc<str>) -> Outcome {
    match reply {
        Reply::Policies(report) => Outcome::Report(report, text),
        Reply::Exercise(check) => Outcome::Exercise(check),
        Reply::PoliciesOf(policies) => Outcome::PoliciesOf(policies),
    }
}

/// Sends `request` once the worker is ready, with the text unless the worker has it already.
fn post(slot: &mut Slot, mut request: Request, text: &Rc<str>) {
    if !slot.ready {
        slot.pending = Some(request);
        return;
    }
    let generation = request.generation();
    if slot.holds != Some(generation) {
        request = request.with_text(text);
    }
    let Ok(json) = serde_json::to_string(&request) else {
        return;
    };
    if slot.worker.post_message(&JsValue::from_str(&json)).is_ok() {
        slot.busy = Some(generation);
        slot.holds = Some(generation);
    }
}

#[wasm_bindgen]
extern "C" {
    /// The URL of this module's JavaScript glue, which the worker imports.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MODULE_URL: String;
}

fn module_url() -> String {
    MODULE_URL.with(Clone::clone)
}

/// The worker's side: answer each request, one at a time, in arrival order.
pub fn serve_worker() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let analyst = RefCell::new(Analyst::default());
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(request) = event
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<Request>(&data).ok())
        else {
            return;
        };
        let reply = match timed_answer(&mut analyst.borrow_mut(), request) {
            Some(reply) => FromWorker::Report(reply),
            None => FromWorker::TextMissing,
        };
        reply_to(&reply_scope, &reply);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    onmessage.forget();
    reply_to(&scope, &FromWorker::Ready);
}

fn timed_answer(analyst: &mut Analyst, request: Request) -> Option<Reply> {
    let start = js_sys::Date::now();
    let mut reply = analyst.reply(request)?;
    if let Reply::Policies(report) = &mut reply {
        report.elapsed_ms = js_sys::Date::now() - start;
    }
    Some(reply)
}

fn reply_to(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    if let Ok(json) = serde_json::to_string(message) {
        let _ = scope.post_message(&JsValue::from_str(&json));
    }
}
