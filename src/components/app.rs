//! The root component: owns the reducer, runs the effects (reading sources in the engine's worker,
//! analysing the table in slices) and lays out the steps of the flow.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use social_roi_core::analysis::{self, Job, Plan, Report};
use social_roi_core::events::{Digest, Recipe};
use social_roi_core::ingest::{self, ReadJob};
use social_roi_core::Table;
use yew::prelude::*;

use crate::browser::tasks::{now_ms, run_sliced, CancelToken, Slice, SLICE_MS};
use crate::browser::worker;
use crate::components::{
    check::Check, data_input::DataInput, header::Header, privacy::Privacy, progress::Progress,
    quick::QuickCalculator, results::Results, roles::RolesStep, sources::Sources,
};
use crate::state::{Action, AnalysisStatus, ShownError, SourceData, State};
use wasm_bindgen::JsValue;

/// The app state handle every component reads from context.
pub type AppContext = UseReducerHandle<State>;

/// Bytes of input each read step handles before checking the clock.
const READ_STEP_BYTES: usize = 256 * 1024;

#[derive(Properties, PartialEq, Default)]
pub struct Props {
    /// Start in the compact layout for embedding in another page.
    #[prop_or_default]
    pub embed: bool,
}

#[function_component(App)]
pub fn app(props: &Props) -> Html {
    let embed = props.embed;
    let state = use_reducer(move || State::new(crate::i18n::browser_lang(), embed));
    use_reading(&state);
    use_analysis(&state);
    use_memory(&state);

    let lang = state.lang;
    let has_sources = !state.sources.is_empty();
    let has_table = state.table.is_some();
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <main class={classes!("app", state.embed.then_some("embed"))} data-engine={if worker::available() { "worker" } else { "sliced" }} lang={if lang == social_roi_core::Lang::It { "it" } else { "en" }}>
                <Header />
                <Progress />
                <DataInput />
                if !has_table || state.embed { <QuickCalculator lang={lang} open={state.embed} /> }
                if has_sources { <Sources /> }
                if has_sources { <Check /> }
                if has_table { <RolesStep /> }
                if has_table { <Results /> }
                <Privacy />
            </main>
        </ContextProvider<AppContext>>
    }
}

/// "Remember on this device": restores a remembered session once at start; while switched on,
/// writes the inputs and setup after every change; switched off, forgets them.
#[hook]
fn use_memory(state: &AppContext) {
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if let Some(r) = crate::browser::storage::load() {
                state.dispatch(Action::Restore(r));
            }
            || ()
        });
    }
    // A cheap key of what would be stored; the (possibly large) encoding happens only on change.
    let key = state.remember.then(|| {
        let sources: Vec<(u32, ingest::Options)> = state
            .sources
            .iter()
            .map(|s| (s.id, s.options.clone()))
            .collect();
        (
            sources,
            state.pasted.clone(),
            state.plan.clone(),
            state.lang,
            state.table.is_some(),
        )
    });
    let was_on = use_mut_ref(|| false);
    let state = state.clone();
    use_effect_with(key, move |key| {
        match key {
            Some(_) => {
                let _ = crate::browser::storage::save(state.to_remembered());
                *was_on.borrow_mut() = true;
            }
            None if *was_on.borrow() => {
                crate::browser::storage::forget();
                *was_on.borrow_mut() = false;
            }
            None => {}
        }
        || ()
    });
}

/// Starts a sliced `ReadJob` for every source waiting to be read; cancels reads that are no longer
/// wanted (source removed, options changed again, "cancel" pressed).
#[hook]
fn use_reading(state: &AppContext) {
    let running = use_mut_ref(HashMap::<(u32, u32), CancelToken>::new);
    let pending = state.pending_reads();
    let state = state.clone();
    use_effect_with(pending, move |pending: &Vec<(u32, u32)>| {
        let mut map = running.borrow_mut();
        map.retain(|key, token| {
            let keep = pending.contains(key);
            if !keep {
                token.cancel();
            }
            keep
        });
        for &(id, run) in pending {
            if map.contains_key(&(id, run)) {
                continue;
            }
            let Some(src) = state.source(id) else {
                continue;
            };
            let token = CancelToken::default();
            map.insert((id, run), token.clone());
            let task = ReadTask {
                id,
                run,
                name: src.name.clone(),
                data: src.data.clone(),
                options: src.options.clone(),
                recipe: src.recipe.clone(),
                dispatcher: state.dispatcher(),
            };
            task.start(token);
        }
        || ()
    });
}

/// One source to read: what, with which options, and where to report.
#[derive(Clone)]
struct ReadTask {
    id: u32,
    run: u32,
    name: String,
    data: SourceData,
    options: ingest::Options,
    /// How an event file is read (`None`: as recognised); the worker makes the digest with it.
    recipe: Option<Recipe>,
    dispatcher: UseReducerDispatcher<State>,
}

impl ReadTask {
    /// Reads in the engine's worker, or in main-thread slices where there is none.
    fn start(self, token: CancelToken) {
        if !worker::available() {
            return self.sliced(token);
        }
        // The copy for the worker gets a task of its own, not the one that just received the file.
        gloo::timers::callback::Timeout::new(0, move || {
            if !token.is_cancelled() {
                self.in_worker(token);
            }
        })
        .forget();
    }

    fn progress(&self) -> impl Fn(f64) + 'static {
        let (id, run, d) = (self.id, self.run, self.dispatcher.clone());
        move |progress| d.dispatch(Action::ReadProgress { id, run, progress })
    }

    /// On a task of its own: the read's last step and combining the tables (deriving an orders
    /// export's series) are each long enough on a large export that together they froze the page.
    fn done(
        &self,
    ) -> impl FnOnce(Result<Rc<ingest::Loaded>, ShownError>, Option<Digest>) + 'static {
        let (id, run, d) = (self.id, self.run, self.dispatcher.clone());
        let recipe = self.recipe.clone();
        move |result, digest| {
            let digest = digest.map(|g| (recipe, Rc::new(g)));
            gloo::timers::callback::Timeout::new(0, move || {
                d.dispatch(Action::SourceRead {
                    id,
                    run,
                    result,
                    digest,
                })
            })
            .forget();
        }
    }

    fn in_worker(self, token: CancelToken) {
        let (request, transfer) =
            worker::read_request(&self.name, &self.data, &self.options, self.recipe.as_ref());
        let (progress, done) = (self.progress(), self.done());
        let (token2, token3) = (token.clone(), token.clone());
        worker::run(
            request,
            transfer,
            progress,
            |_| {},
            move |outcome| match outcome {
                worker::Outcome::Answer(Ok(data)) => worker::receive_loaded(
                    data,
                    move |r| match r {
                        Ok((loaded, digest)) => done(Ok(Rc::new(loaded)), digest),
                        Err(_) => done(Err(worker::crashed()), None),
                    },
                    token3,
                ),
                worker::Outcome::Answer(Err(b)) => done(
                    Err(crate::wire::read_error(&b).unwrap_or_else(|_| worker::crashed())),
                    None,
                ),
                worker::Outcome::Crashed => done(Err(worker::crashed()), None),
            },
            move || self.sliced(token2),
            token,
        );
    }

    /// Reads in ~30 ms slices on the main thread (a `File` is first read into memory: the worker
    /// that would have read it in chunks is not there).
    fn sliced(self, token: CancelToken) {
        let bytes = match &self.data {
            SourceData::Held(b) => b.to_vec(),
            SourceData::File(f) => {
                // Taken for the worker, which then could not start: the page's own instance
                // holds less (`max_input_bytes` is now the sliced path's).
                let size = f.size() as u64;
                if size > crate::components::data_input::max_input_bytes() {
                    let e = crate::components::data_input::too_large(&self.name, size);
                    return (self.done())(Err(e), None);
                }
                let f = f.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if token.is_cancelled() {
                        return;
                    }
                    match crate::browser::files::read_bytes(f).await {
                        Ok((_, bytes)) => ReadTask {
                            data: SourceData::Held(Rc::new(bytes)),
                            ..self
                        }
                        .sliced(token),
                        Err(e) => {
                            (self.done())(Err(ShownError::unreadable_file(&self.name, &e)), None)
                        }
                    }
                });
                return;
            }
        };
        let mut options = self.options.clone();
        // The core has no clock: dates written without a year need today's.
        options.today = Some(crate::browser::today());
        let mut job = ReadJob::new(self.name.clone(), bytes, options);
        run_sliced(
            move || {
                let deadline = now_ms() + SLICE_MS;
                loop {
                    match job.step(READ_STEP_BYTES) {
                        Ok(Some(loaded)) => return Slice::Done(Ok(Rc::new(loaded))),
                        Err(e) => return Slice::Done(Err(ShownError::from(&e))),
                        Ok(None) if now_ms() >= deadline => return Slice::Continue(job.progress()),
                        Ok(None) => {}
                    }
                }
            },
            self.progress(),
            {
                let done = self.done();
                move |r| done(r, None)
            },
            token,
        );
    }
}

/// The analysis of the current table and plan, in slices; a new run cancels the previous one.
#[hook]
fn use_analysis(state: &AppContext) {
    let run = state.analysis.run;
    let wanted = matches!(state.analysis.status, AnalysisStatus::Running { .. });
    let table = state.table.clone();
    let plan = state.plan.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(run, move |&run| {
        let token = CancelToken::default();
        if let (true, Some(table)) = (wanted, table) {
            start_analysis(run, table, plan, dispatcher, token.clone());
        }
        move || token.cancel()
    });
}

/// Analyses in the engine's worker, or in main-thread slices where there is none.
fn start_analysis(
    run: u32,
    table: Arc<Table>,
    plan: Plan,
    dispatcher: UseReducerDispatcher<State>,
    token: CancelToken,
) {
    if worker::available() {
        analyse_in_worker(run, table, plan, dispatcher, token);
    } else {
        analyse_sliced(run, table, plan, dispatcher, token);
    }
}

/// Completes a report that came from the worker (`wire::report::Completion`: ROI rows,
/// investment model, findings, remade from the page's table) in short slices.
fn complete(
    data: &wasm_bindgen::JsValue,
    table: Arc<Table>,
    plan: Plan,
    on_done: impl FnOnce(Result<Option<Report>, ShownError>) + 'static,
    token: CancelToken,
) {
    let (report, n_rows) = match worker::receive_report(data) {
        Ok(Some(r)) => r,
        Ok(None) => return on_done(Ok(None)),
        Err(_) => return on_done(Err(worker::crashed())),
    };
    let c = crate::wire::report::Completion::new(report, table, plan, n_rows);
    drive(Rc::new(std::cell::RefCell::new(c)), on_done, token);
}

/// Steps a completion in short slices until it gives its report (`Ok(Some)`), awaits the report
/// (`Ok(None)`: one made ahead, whose report has not come) or fails.
fn drive(
    c: Rc<std::cell::RefCell<crate::wire::report::Completion>>,
    on_done: impl FnOnce(Result<Option<Report>, ShownError>) + 'static,
    token: CancelToken,
) {
    run_sliced(
        move || {
            let deadline = now_ms() + SLICE_MS;
            let mut c = c.borrow_mut();
            loop {
                match c.step() {
                    Some(r) => return Slice::Done(r.map(Some).map_err(|e| ShownError::from(&e))),
                    None if c.awaits_report() => return Slice::Done(Ok(None)),
                    None if now_ms() >= deadline => return Slice::Continue(0.0),
                    None => {}
                }
            }
        },
        |_| {},
        on_done,
        token,
    );
}

/// Where a worker analysis in two halves is (`analysis::Role`): the back worker (lags, the
/// verdict's pair tests) and the front worker (columns, pairs, the rest; the findings; then
/// Kendall's tau and the changes), run side by side on the machine's two cores until the
/// findings. The page passes the back half's report on to the front and puts the pieces on
/// screen as they come. After the findings one worker works on, so the page's own tasks
/// (drawing the results) keep a core.
#[derive(Default)]
struct Halves {
    front: Option<worker::Handle>,
    /// Each worker's progress (front, back).
    progress: [f64; 2],
    /// The page's completion of the levels' report, started before the report comes...
    completion: Option<Rc<std::cell::RefCell<crate::wire::report::Completion>>>,
    /// ...and whether its slices are running.
    driving: bool,
    /// The front worker's findings report came (it may still be being completed)...
    front_part: bool,
    /// ...and, completed, is on screen.
    levels: Option<Rc<Report>>,
    /// The front worker's finished report (Kendall's tau), or `None` if it ended without one...
    kendall: Option<Option<Rc<Report>>>,
    /// ...shown once the levels are (the state ignores Kendall's tau before them).
    kendall_done: bool,
    /// The front worker ended: the report over changes, if made.
    changes: Option<Option<Rc<Report>>>,
    /// The run ended (done, failed or fell back): later messages change nothing.
    over: bool,
}

type Shared = Rc<std::cell::RefCell<Halves>>;

/// Ends the run with an error unless it already ended; stops both workers.
fn halves_fail(
    h: &Shared,
    run: u32,
    e: ShownError,
    d: &UseReducerDispatcher<State>,
    workers: &CancelToken,
) {
    if std::mem::replace(&mut h.borrow_mut().over, true) {
        return;
    }
    workers.cancel();
    d.dispatch(Action::AnalysisDone {
        run,
        result: Err(e),
    });
}

/// Shows Kendall's tau once both it and the levels are in, then ends the run once the changes
/// are too.
fn halves_try_finish(h: &Shared, run: u32, d: &UseReducerDispatcher<State>) {
    let kendall = {
        let mut x = h.borrow_mut();
        match (&x.levels, x.over) {
            (Some(_), false) => x.kendall.take(),
            _ => None,
        }
    };
    if let Some(report) = kendall {
        h.borrow_mut().kendall_done = true;
        d.dispatch(Action::KendallDone { run, report });
    }
    let (levels, changes) = {
        let mut x = h.borrow_mut();
        match (&x.levels, &x.changes, x.kendall_done, x.over) {
            (Some(l), Some(c), true, false) => {
                let r = (l.clone(), c.clone());
                x.over = true;
                r
            }
            _ => return,
        }
    };
    worker::mark_memory("analysis done", None);
    d.dispatch(Action::AnalysisDone {
        run,
        result: Ok((levels, changes)),
    });
}

fn worker_error(outcome: worker::Outcome) -> ShownError {
    match outcome {
        worker::Outcome::Answer(Err(b)) => {
            crate::wire::read_error(&b).unwrap_or_else(|_| worker::crashed())
        }
        _ => worker::crashed(),
    }
}

fn analyse_in_worker(
    run: u32,
    table: Arc<Table>,
    plan: Plan,
    dispatcher: UseReducerDispatcher<State>,
    token: CancelToken,
) {
    // Both workers stop with the run, or when either fails.
    let workers = CancelToken::default();
    {
        let w = workers.clone();
        token.on_cancel(move || w.cancel());
    }
    let h: Shared = Rc::default();
    // The page's share of the levels' report (ROI rows, investment model) from its own table,
    // made while the workers analyse.
    let n_rows = table.n_rows();
    h.borrow_mut().completion = Some(Rc::new(std::cell::RefCell::new(
        crate::wire::report::Completion::ahead(table.clone(), plan.clone(), n_rows),
    )));
    halves_drive(&h, run, &dispatcher, &workers);
    // Where a worker cannot start, the whole run goes to the sliced path, once.
    let fallback = {
        let (h, w, d, t) = (
            h.clone(),
            workers.clone(),
            dispatcher.clone(),
            token.clone(),
        );
        let (table, plan) = (table.clone(), plan.clone());
        let once = Rc::new(std::cell::Cell::new(Some((table, plan))));
        move || {
            let Some((table, plan)) = once.take() else {
                return;
            };
            if std::mem::replace(&mut h.borrow_mut().over, true) {
                return;
            }
            w.cancel();
            analyse_sliced(run, table, plan, d, t)
        }
    };
    let progress = {
        let (h, d) = (h.clone(), dispatcher.clone());
        move |which: usize, p: f64| {
            let both = {
                let mut x = h.borrow_mut();
                x.progress[which] = p;
                (x.progress[0] + x.progress[1]) / 2.0
            };
            d.dispatch(Action::AnalysisProgress {
                run,
                progress: both,
            })
        }
    };
    let plan_json = plan.to_json();
    // The back half starts once the front's worker exists (to take its report), so a copy of the
    // table is made for each in turn. The front first: with the lags shared it is the longer
    // (a million rows natively: 0.65 s to its findings, the back 0.54 s).
    // The back half gets only the columns it reads (`BackShare`: on a million rows × 12 columns,
    // ~72 MB less held while both halves run).
    let share = social_roi_core::analysis::BackShare::of(&table, &plan);
    let start_back = {
        let (h, d, w) = (h.clone(), dispatcher.clone(), workers.clone());
        let (table, plan_json) = (table.clone(), plan_json.clone());
        let (fallback, progress) = (fallback.clone(), progress.clone());
        move || {
            let w2 = w.clone();
            worker::analysis_request(
                table,
                plan_json,
                "back",
                share,
                move |(request, transfer)| {
                    let end = {
                        let w = w2.clone();
                        move |outcome| back_end(&h, run, &d, &w, outcome)
                    };
                    worker::run(
                        request,
                        transfer,
                        move |p| progress(1, p),
                        |_| {},
                        end,
                        fallback,
                        w2,
                    );
                },
                w,
            );
        }
    };
    let (h2, w2, d2) = (h.clone(), workers.clone(), dispatcher.clone());
    worker::analysis_request(
        table,
        plan_json,
        "front",
        None,
        move |(request, transfer)| {
            let part = {
                let (h, d, w) = (h2.clone(), d2.clone(), w2.clone());
                move |data: JsValue| front_part(&h, run, &d, &w, data)
            };
            let end = {
                let (h, d, w) = (h2.clone(), d2.clone(), w2.clone());
                move |outcome| front_end(&h, run, &d, &w, outcome)
            };
            let handle = worker::run(
                request,
                transfer,
                move |p| progress(0, p),
                part,
                end,
                fallback,
                w2.clone(),
            );
            if handle.is_some() {
                h2.borrow_mut().front = handle;
                start_back();
            }
        },
        workers,
    );
}

/// The back worker's answer: its half's report, passed on to the front worker as it is (its
/// buffer moved, not copied); or the run's end.
fn back_end(
    h: &Shared,
    run: u32,
    d: &UseReducerDispatcher<State>,
    w: &CancelToken,
    outcome: worker::Outcome,
) {
    let data = match outcome {
        worker::Outcome::Answer(Ok(data)) => data,
        other => return halves_fail(h, run, worker_error(other), d, w),
    };
    let report = js_sys::Reflect::get(&data, &"report".into()).unwrap_or_default();
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"t".into(), &"back".into());
    let _ = js_sys::Reflect::set(&msg, &"report".into(), &report);
    let transfer =
        js_sys::Array::of1(&js_sys::Reflect::get(&report, &"buffer".into()).unwrap_or_default());
    let front = h.borrow().front.clone();
    if let Some(f) = front {
        f.post(&msg, &transfer);
    }
}

/// A `part` of the front worker: the findings report (given to the page's completion, shown
/// when complete), or its finished report with Kendall's tau (`kind: "kendall"`).
fn front_part(
    h: &Shared,
    run: u32,
    d: &UseReducerDispatcher<State>,
    w: &CancelToken,
    data: JsValue,
) {
    let kind = js_sys::Reflect::get(&data, &"kind".into()).unwrap_or_default();
    if kind.as_string().as_deref() == Some("kendall") {
        let counted = worker::receive_report(&data).ok().flatten();
        h.borrow_mut().kendall = Some(counted.map(|(r, _)| Rc::new(r)));
        return halves_try_finish(h, run, d);
    }
    h.borrow_mut().front_part = true;
    // a findings message without a report is a broken worker
    let Ok(Some((report, _))) = worker::receive_report(&data) else {
        return halves_fail(h, run, worker::crashed(), d, w);
    };
    let completion = h.borrow().completion.clone();
    if let Some(c) = completion {
        c.borrow_mut().give(report);
    }
    halves_drive(h, run, d, w);
}

/// Steps the page's completion of the levels in slices, unless they run already (they then
/// take the report at their next step): until it awaits the report, or shows the levels.
fn halves_drive(h: &Shared, run: u32, d: &UseReducerDispatcher<State>, w: &CancelToken) {
    let completion = {
        let mut x = h.borrow_mut();
        if x.driving || x.over {
            return;
        }
        x.driving = true;
        x.completion.clone()
    };
    let Some(c) = completion else {
        return;
    };
    let (h, d, w2) = (h.clone(), d.clone(), w.clone());
    drive(
        c,
        move |r| {
            h.borrow_mut().driving = false;
            match r {
                Ok(Some(r)) => {
                    let r = Rc::new(r);
                    h.borrow_mut().levels = Some(r.clone());
                    d.dispatch(Action::LevelsDone {
                        run,
                        report: r,
                        kendall_later: true,
                    });
                    halves_try_finish(&h, run, &d);
                }
                Ok(None) => {} // the report is awaited
                Err(e) => halves_fail(&h, run, e, &d, &w2),
            }
        },
        w.clone(),
    );
}

/// The front worker's end: the report over changes (made after Kendall's tau), or why not.
fn front_end(
    h: &Shared,
    run: u32,
    d: &UseReducerDispatcher<State>,
    w: &CancelToken,
    outcome: worker::Outcome,
) {
    if !h.borrow().front_part {
        return halves_fail(h, run, worker_error(outcome), d, w);
    }
    // Kendall's tau never came (a crash, an error): the rest stands.
    h.borrow_mut().kendall.get_or_insert(None);
    match outcome {
        // no table: only the worker had the changes' one
        worker::Outcome::Answer(Ok(data)) => {
            let (h, d2) = (h.clone(), d.clone());
            complete(
                &data,
                Arc::new(Table::default()),
                Plan::default(),
                move |r| {
                    // The changes view is optional: without it, the levels stand.
                    h.borrow_mut().changes = Some(r.ok().flatten().map(Rc::new));
                    halves_try_finish(&h, run, &d2);
                },
                w.clone(),
            )
        }
        _ => {
            h.borrow_mut().changes = Some(None);
            halves_try_finish(h, run, d);
        }
    }
}

/// Analyses in ~30 ms slices on the main thread.
fn analyse_sliced(
    run: u32,
    table: Arc<Table>,
    plan: Plan,
    dispatcher: UseReducerDispatcher<State>,
    token: CancelToken,
) {
    // Levels first (the full plan), then correlations of first differences for the "changes" view.
    // The table of differences is built a column at a time in the slices too (on a million rows
    // all columns at once would block the page for a few hundred milliseconds).
    let names: Vec<String> = table.numeric_columns().map(|(n, _)| n.to_owned()).collect();
    let mut diffs: Vec<social_roi_core::table::Column> = Vec::new();
    let mut changes_job: Option<Option<Job>> = None;
    let mut job = Job::new(table.clone(), plan);
    let mut levels: Option<Rc<Report>> = None;
    let progress = dispatcher.clone();
    let levels_done = dispatcher.clone();
    run_sliced(
        move || {
            let deadline = now_ms() + SLICE_MS;
            let mut should_yield = || now_ms() >= deadline;
            if levels.is_none() {
                match job.step(&mut should_yield) {
                    None => return Slice::Continue(job.progress() * 0.8),
                    Some(Err(e)) => return Slice::Done(Err(ShownError::from(&e))),
                    Some(Ok(r)) => {
                        let r = Rc::new(r);
                        // the findings now; the changes view when its analysis is done
                        levels_done.dispatch(Action::LevelsDone {
                            run,
                            report: r.clone(),
                            kendall_later: false,
                        });
                        levels = Some(r);
                    }
                }
                if now_ms() >= deadline {
                    return Slice::Continue(0.8);
                }
            }
            let report = levels.clone().expect("levels are done");
            while changes_job.is_none() {
                match names.get(diffs.len()) {
                    Some(name) => {
                        let v = table.numbers(name).unwrap_or(&[]);
                        diffs.push(analysis::changes::changes_column(name, v));
                    }
                    None => {
                        let t = analysis::changes::changes_table_from(
                            &table,
                            std::mem::take(&mut diffs),
                        );
                        changes_job = Some(t.map(|t| Job::new(Arc::new(t), Plan::default())));
                    }
                }
                if now_ms() >= deadline {
                    return Slice::Continue(0.8);
                }
            }
            match changes_job.as_mut().and_then(Option::as_mut) {
                None => Slice::Done(Ok((report, None))),
                Some(cj) => match cj.step(&mut should_yield) {
                    None => Slice::Continue(0.8 + cj.progress() * 0.2),
                    // The changes view is optional: without it, the levels still stand.
                    Some(Err(_)) => Slice::Done(Ok((report, None))),
                    Some(Ok(c)) => Slice::Done(Ok((report, Some(Rc::new(c))))),
                },
            }
        },
        move |p| progress.dispatch(Action::AnalysisProgress { run, progress: p }),
        move |result| {
            worker::mark_memory("analysis done", None);
            dispatcher.dispatch(Action::AnalysisDone { run, result })
        },
        token,
    );
}
