//! The engine in a dedicated Web Worker, so reading a large file neither freezes the page nor
//! loses time between main-thread slices, and a panic in the engine costs only the worker.
//!
//! The page is one self-contained file, so the worker is made from the page itself: the inline
//! module script (glue + base64 wasm, id `sroi-app`) as a Blob URL, started as a classic worker,
//! plus the page's compiled `WebAssembly.Module` (kept by the boot code as `__sroi_module`) posted
//! to it — the worker fetches nothing and compiles nothing. The same wasm binary runs in both;
//! [`serve_if_worker`] is its entry in the worker. The CSP grows only by `worker-src blob:`.
//!
//! One worker per task, except that a reader which answered is kept for the next task (the
//! analysis' front half, [`keep_spare`]): cancelling is `terminate()`, a crash (the page's wasm
//! aborts on panic) ends only that task, and the next task starts on a fresh instance; an
//! analysis worker's memory is given back as soon as its result has crossed. Results cross as bytes (`crate::wire`),
//! transferred, not copied. Charts stay on the main thread (plotters measures text through
//! `window`).
//!
//! Where the worker cannot be used (no `Worker`, no inline script in `trunk serve`, a browser
//! that refuses the blob worker, or `?noworker` in the URL — the switch the tests use to force
//! it), the page runs today's sliced path (`tasks::run_sliced`).
//!
//! Test-only panic triggers: when the page's URL has `#panic-test`, a source named
//! `__panic_test__.csv` makes the reading worker panic, and a table with a column named
//! `__panic_test__` the analysing one. Without that fragment the names are ordinary names.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use social_roi_core::events::{Digest, Recipe};
use social_roi_core::ingest::{Loaded, Options, Reader};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::tasks::{now_ms, run_sliced, CancelToken, Slice, PROGRESS_MS, SLICE_MS};
use crate::state::{ShownError, SourceData};
use crate::wire::Part;

/// Id of the page's inline module script (set by `cargo xtask dist`).
const SCRIPT_ID: &str = "sroi-app";
/// The global where the boot code keeps the compiled module.
const MODULE_GLOBAL: &str = "__sroi_module";
/// Source name that makes the worker panic, only on a page opened with `#panic-test`.
pub const PANIC_TEST_NAME: &str = "__panic_test__.csv";
/// Column name that makes the analysis' worker panic, only on a page opened with `#panic-test`.
pub const PANIC_TEST_COLUMN: &str = "__panic_test__";

thread_local! {
    /// The Blob URL of the worker script, made once per page.
    static URL: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Set when a worker failed to start: the rest of the session uses the sliced path.
    static REFUSED: Cell<bool> = const { Cell::new(false) };
    /// In a front-half worker: its analysis while it waits for the back half's report.
    static FRONT: RefCell<Option<social_roi_core::analysis::Job>> = const { RefCell::new(None) };
    /// On the page: a reading worker that has answered, kept for the next task (see [`keep_spare`]).
    static SPARE: RefCell<Option<Spare>> = const { RefCell::new(None) };
}

/// A worker that finished a read, idle until the next task takes it or its time runs out.
struct Spare {
    worker: web_sys::Worker,
    /// Which spare this is, so an older spare's timer does not retire a newer one.
    id: u32,
}

/// How long a reading worker waits, idle, for the next task (the analysis that follows a read
/// starts well within this) before the page tells it to close.
const SPARE_IDLE_MS: u32 = 1500;

/// Keeps a reading worker that has answered for the next task instead of letting it close. Its
/// wasm memory, grown by the read and freed inside, then serves the analysis' front half: a
/// closed reader's memory was held until its teardown, alive beside the analysis' peak (+128 MiB
/// on a million rows), and its teardown, holding the compiled module the page shares, made the
/// page wait in a lazy compile (tasks of 50–70 ms, BENCHMARKS.md). Without a taker it is told to
/// close after [`SPARE_IDLE_MS`], by then the rows are drawn.
fn keep_spare(worker: web_sys::Worker) {
    thread_local! { static NEXT: Cell<u32> = const { Cell::new(0) }; }
    let id = NEXT.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    if let Some(old) = SPARE.with(|s| s.borrow_mut().replace(Spare { worker, id })) {
        retire(&old.worker);
    }
    gloo::timers::callback::Timeout::new(SPARE_IDLE_MS, move || {
        let expired = SPARE.with(|s| {
            let mut s = s.borrow_mut();
            if s.as_ref().is_some_and(|sp| sp.id == id) {
                s.take()
            } else {
                None
            }
        });
        if let Some(sp) = expired {
            retire(&sp.worker);
        }
    })
    .forget();
}

/// Tells an idle worker to close itself (its teardown then runs on its own thread, not as the
/// page's `terminate()` on the main thread).
fn retire(worker: &web_sys::Worker) {
    let msg = Object::new();
    set(&msg, "t", &"close".into());
    let _ = worker.post_message(&msg);
}

/// A spare worker if there is one (it already has the module and has said it is ready).
fn take_spare() -> Option<web_sys::Worker> {
    SPARE.with(|s| s.borrow_mut().take()).map(|sp| sp.worker)
}

/// This instance's wasm memory in bytes: its high-water mark, as wasm memory never shrinks.
fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as f64 * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Leaves a `performance` mark with the page's wasm memory (and a worker's, when one of its tasks
/// ends): how the bench (BENCHMARKS.md) sees each instance's peak against wasm32's 4 GB, which
/// sets the input limit. Marks stay in the tab and cost nothing else.
pub fn mark_memory(task: &str, worker: Option<f64>) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let worker = worker
            .map(|w| format!(" worker {w:.0}"))
            .unwrap_or_default();
        let _ = p.mark(&format!(
            "social-roi wasm memory: {task}{worker} page {:.0}",
            wasm_memory_bytes()
        ));
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Whether the URL asks for the sliced path (`?noworker` or `#noworker`).
pub fn forced_off(href: &str) -> bool {
    let (before_hash, hash) = href.split_once('#').unwrap_or((href, ""));
    let query = before_hash.split_once('?').map(|(_, q)| q).unwrap_or("");
    query
        .split('&')
        .chain(hash.split('&'))
        .any(|p| p == "noworker")
}

fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Whether tasks run in a worker (otherwise in main-thread slices).
pub fn available() -> bool {
    if REFUSED.with(Cell::get) || forced_off(&href()) {
        return false;
    }
    let global = js_sys::global();
    let has_worker = get(&global, "Worker").is_function();
    let has_module = get(&global, MODULE_GLOBAL).is_object();
    let has_script = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SCRIPT_ID))
        .is_some();
    has_worker && has_module && has_script
}

fn blob_url() -> Option<String> {
    if let Some(u) = URL.with(|u| u.borrow().clone()) {
        return Some(u);
    }
    let script = web_sys::window()?
        .document()?
        .get_element_by_id(SCRIPT_ID)?;
    // Kept a JS string: through Rust it would be copied and re-encoded (~30 ms for the 800 KB).
    let parts = Array::of1(&get(&script, "textContent"));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    URL.with(|u| *u.borrow_mut() = Some(url.clone()));
    Some(url)
}

fn spawn() -> Option<web_sys::Worker> {
    let url = blob_url()?;
    // Classic, not module: Chromium refuses a module worker from a file:// page's blob: URL; the
    // script is valid as both (`cargo xtask dist` makes it so).
    let worker = web_sys::Worker::new(&url).ok()?;
    worker
        .post_message(&get(&js_sys::global(), MODULE_GLOBAL))
        .ok()?;
    Some(worker)
}

/// How a worker task ended.
pub enum Outcome {
    /// The task's answer: `Ok` the result message (see [`receive_loaded`]) or `Err` the bytes of
    /// a `ShownError`.
    Answer(Result<JsValue, Vec<u8>>),
    /// The worker died mid-task (a panic in the engine).
    Crashed,
}

/// The worker and its handlers, dropped together when the task ends.
struct Running {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

type Slot = Rc<RefCell<Option<Running>>>;

/// A running task's worker, to send it more (the back half's report to the front half).
#[derive(Clone)]
pub struct Handle(Slot);

impl Handle {
    /// Posts `msg`, moving `transfer`'s buffers; nothing if the task has ended.
    pub fn post(&self, msg: &JsValue, transfer: &Array) {
        if let Some(r) = self.0.borrow().as_ref() {
            let _ = r.worker.post_message_with_transfer(msg, transfer);
        }
    }
}

/// Ends a task: drops its handlers and, unless the worker answered (`answered`: it ends itself,
/// or a reader waits to be kept as a spare), terminates it (a cancel, a crash). Returns the
/// worker when it answered.
fn finish(slot: &Slot, answered: bool) -> Option<web_sys::Worker> {
    let r = slot.borrow_mut().take()?;
    r.worker.set_onmessage(None);
    r.worker.set_onerror(None);
    if !answered {
        r.worker.terminate();
    }
    let worker = answered.then(|| r.worker.clone());
    // The handlers may be running right now: free them on a later task.
    gloo::timers::callback::Timeout::new(0, move || drop(r)).forget();
    worker
}

/// Runs `request` (an object with a `t` field; `transfer` lists buffers moved with it) in a
/// fresh worker. `on_part` gets a first result sent before the end (the analysis' levels),
/// `on_done` the outcome unless cancelled; `fallback` runs instead when the
/// worker could not start (the page then stays on the sliced path).
pub fn run(
    request: Object,
    transfer: Array,
    on_progress: impl Fn(f64) + 'static,
    mut on_part: impl FnMut(JsValue) + 'static,
    on_done: impl FnOnce(Outcome) + 'static,
    fallback: impl FnOnce() + 'static,
    cancel: CancelToken,
) -> Option<Handle> {
    let (worker, reused) = match take_spare() {
        Some(w) => (w, true),
        None => match spawn() {
            Some(w) => (w, false),
            None => {
                REFUSED.with(|r| r.set(true));
                fallback();
                return None;
            }
        },
    };
    let slot: Slot = Rc::new(RefCell::new(None));
    let ready = Rc::new(Cell::new(reused));
    let task = get(&request, "t").as_string().unwrap_or_default();
    let reading = task == "read";
    let on_done = Rc::new(RefCell::new(Some(on_done)));
    let fallback = Rc::new(RefCell::new(Some(fallback)));

    let (slot2, ready2, done2) = (slot.clone(), ready.clone(), on_done.clone());
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            match get(&data, "t").as_string().as_deref() {
                Some("ready") => ready2.set(true),
                Some("progress") => on_progress(get(&data, "p").as_f64().unwrap_or(0.0)),
                Some("part") => on_part(data),
                Some("done") => {
                    mark_memory(&task, get(&data, "mem").as_f64());
                    let answer = if get(&data, "ok").is_truthy() {
                        Ok(data)
                    } else {
                        Err(Uint8Array::new(&get(&data, "bytes")).to_vec())
                    };
                    let worker = finish(&slot2, true);
                    if let (true, Some(w)) = (reading, worker) {
                        keep_spare(w);
                    }
                    if let Some(f) = done2.borrow_mut().take() {
                        f(Outcome::Answer(answer));
                    }
                }
                _ => {}
            }
        });
    let (slot3, done3) = (slot.clone(), on_done.clone());
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        e.prevent_default();
        finish(&slot3, false);
        if !ready.get() {
            // Never started (e.g. a browser that refuses blob workers): slices from now on.
            REFUSED.with(|r| r.set(true));
            done3.borrow_mut().take();
            if let Some(f) = fallback.borrow_mut().take() {
                f();
            }
        } else if let Some(f) = done3.borrow_mut().take() {
            f(Outcome::Crashed);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = worker.post_message_with_transfer(&request, &transfer);
    *slot.borrow_mut() = Some(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    });
    let slot4 = slot.clone();
    cancel.on_cancel(move || {
        finish(&slot4, false);
    });
    Some(Handle(slot))
}

/// The request to read one source with `recipe` (for an event file; `None`: as recognised).
/// Bytes the page holds are copied once into a buffer moved to the worker; a `File` goes as the
/// handle (structured clone copies no data) and the worker reads it itself.
pub fn read_request(
    name: &str,
    data: &SourceData,
    options: &Options,
    recipe: Option<&Recipe>,
) -> (Object, Array) {
    let req = Object::new();
    set(&req, "t", &"read".into());
    set(&req, "name", &name.into());
    let transfer = Array::new();
    match data {
        SourceData::Held(bytes) => {
            let buf = Uint8Array::new_with_length(bytes.len() as u32);
            buf.copy_from(bytes);
            set(&req, "bytes", &buf);
            transfer.push(&buf.buffer());
        }
        SourceData::File(file) => set(&req, "file", file),
    }
    let opts = serde_json::to_string(options).unwrap_or_default();
    set(&req, "options", &opts.into());
    if let Some(r) = recipe {
        set(
            &req,
            "recipe",
            &serde_json::to_string(r).unwrap_or_default().into(),
        );
    }
    set(&req, "panic_test", &panic_test().into());
    (req, transfer)
}

/// Whether the page was opened with `#panic-test` (see the module's docs).
fn panic_test() -> bool {
    href()
        .split_once('#')
        .is_some_and(|(_, h)| h.split('&').any(|p| p == "panic-test"))
}

/// The crash the page shows for a task whose worker died.
pub fn crashed() -> ShownError {
    ShownError::plain(
        "engine_crashed",
        "The engine stopped unexpectedly on this input. What was already loaded is kept; try again or change the options.",
        "Il motore si è fermato in modo imprevisto su questi dati. Quanto già caricato resta; riprova o cambia le opzioni.",
    )
}

/// In the worker: answers requests; returns whether this is a worker (so the app must not mount).
pub fn serve_if_worker() -> bool {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return false;
    };
    let scope2 = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let finished = match get(&data, "t").as_string().as_deref() {
                Some("read") => {
                    // A reader stays: the page keeps it for its next task or tells it to close
                    // (`keep_spare`). Everything the read made is freed by now.
                    serve_read(&scope2, &data);
                    return;
                }
                Some("close") => true,
                Some("analyse") => serve_analysis(&scope2, &data),
                Some("back") => serve_back(&scope2, &data),
                _ => return,
            };
            if !finished {
                return; // a front half waiting for the back half's report
            }
            // One task per worker: it ends itself, so tearing down a worker of a gigabyte or
            // more is not done by the page's `terminate()` on its main thread (an 80–150 ms
            // task after reading or analysing 2.9M rows, BENCHMARKS.md).
            scope2.close();
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its one task; its handler lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    set(&ready, "t", &"ready".into());
    let _ = scope.post_message(&ready);
    true
}

fn post_done(
    scope: &web_sys::DedicatedWorkerGlobalScope,
    ok: bool,
    bytes: &[u8],
    parts: &[Part],
    digest: Option<&[u8]>,
) {
    let msg = Object::new();
    set(&msg, "t", &"done".into());
    set(&msg, "ok", &ok.into());
    set(&msg, "mem", &wasm_memory_bytes().into());
    let buf = Uint8Array::new_with_length(bytes.len() as u32);
    buf.copy_from(bytes);
    set(&msg, "bytes", &buf);
    let (cols, transfer) = parts_to_js(parts);
    transfer.push(&buf.buffer());
    set(&msg, "cols", &cols);
    if let Some(d) = digest {
        let a = Uint8Array::new_with_length(d.len() as u32);
        a.copy_from(d);
        transfer.push(&a.buffer());
        set(&msg, "digest", &a);
    }
    let _ = scope.post_message_with_transfer(&msg, &transfer);
}

/// A buffer of `bytes` bytes for values that cross to another thread: resizable where the browser
/// can (`maxByteLength`; others ignore the option and make a fixed one), so the receiver frees it
/// the moment it is copied ([`release`]).
fn crossing_buffer(bytes: usize) -> js_sys::ArrayBuffer {
    js_sys::ArrayBuffer::new_with_options(bytes, &js_sys::ArrayBufferOptions::new(bytes))
}

/// A column's part as a typed array of its own (a copy), its buffer added to `transfer`.
fn part_to_js(p: &Part, transfer: &Array) -> JsValue {
    let a: JsValue = match p {
        Part::Numbers(v) => {
            let a = js_sys::Float64Array::new(&crossing_buffer(v.len() * 8));
            a.copy_from(v);
            a.into()
        }
        Part::Text(t) => {
            let a = Uint8Array::new(&crossing_buffer(t.len()));
            a.copy_from(t);
            a.into()
        }
        Part::Ends(e) => {
            let a = js_sys::Uint32Array::new(&crossing_buffer(e.len() * 4));
            a.copy_from(e);
            a.into()
        }
    };
    transfer.push(&get(&a, "buffer"));
    a
}

/// Elements copied from a typed array into wasm memory per piece: 8 MB of numbers, so a column
/// of millions of values is copied over several short tasks (one copy of 2.9M values was 80 ms).
const COPY_PIECE: u32 = 1 << 20;

/// Copies a message's column parts (typed arrays) into a pending table, a piece at a time.
struct PartCopy {
    cols: Array,
    /// Elements per piece ([`COPY_PIECE`]; tests use a few).
    piece: u32,
    /// The dates and row sources are rebuilt (first, a million rows per step).
    expanded: bool,
    next: usize,
    /// The part being copied and how far.
    current: Option<(crate::wire::Filled, u32)>,
    /// A character of a text part cut by a piece's end.
    text_tail: Vec<u8>,
}

impl PartCopy {
    /// Reserves the memory for every part at once ([`reserve`]).
    fn new(cols: Array, piece: u32) -> PartCopy {
        let bytes: f64 = (cols.iter())
            .map(|c| get(&c, "byteLength").as_f64().unwrap_or(0.0))
            .sum();
        // and a piece's copy on its way in
        reserve(bytes as usize + 16 * COPY_PIECE as usize);
        PartCopy {
            cols,
            piece: piece.max(1),
            expanded: false,
            next: 0,
            current: None,
            text_tail: Vec::new(),
        }
    }

    /// Rebuilds or copies one piece; `Ok(true)` once every part of `into` is in place.
    fn step(
        &mut self,
        into: &mut crate::wire::PendingTable,
    ) -> Result<bool, crate::wire::Malformed> {
        use crate::wire::{Filled, Malformed};
        if !self.expanded {
            self.expanded = into.expand(self.piece as usize);
            return Ok(false);
        }
        if self.next >= into.parts() {
            return Ok(true);
        }
        let js = self.cols.get(self.next as u32);
        let len = get(&js, "length").as_f64().ok_or(Malformed)? as u32;
        let (mut filled, at) = match self.current.take() {
            Some(c) => c,
            None if js.is_instance_of::<js_sys::Float64Array>() => {
                (Filled::Numbers(Vec::with_capacity(len as usize)), 0)
            }
            None if js.is_instance_of::<js_sys::Uint32Array>() => {
                (Filled::Ends(Vec::with_capacity(len as usize)), 0)
            }
            None if js.is_instance_of::<Uint8Array>() => {
                (Filled::Text(String::with_capacity(len as usize)), 0)
            }
            None => return Err(Malformed),
        };
        // Each piece is copied out and appended (two memcpys): `resize` then `copy_to` would
        // zero the memory first, element by element in this size-optimised build. Text goes 8
        // pieces' worth of bytes at a time (bytes copy faster than numbers).
        let piece = match filled {
            Filled::Text(_) => self.piece.saturating_mul(8),
            _ => self.piece,
        };
        let end = at.saturating_add(piece).min(len);
        match &mut filled {
            Filled::Numbers(v) => {
                v.extend_from_slice(
                    &js_sys::Float64Array::from(js.clone())
                        .subarray(at, end)
                        .to_vec(),
                );
            }
            Filled::Ends(v) => {
                v.extend_from_slice(
                    &js_sys::Uint32Array::from(js.clone())
                        .subarray(at, end)
                        .to_vec(),
                );
            }
            Filled::Text(s) => {
                let piece = Uint8Array::from(js.clone()).subarray(at, end).to_vec();
                crate::wire::push_utf8(s, &mut self.text_tail, &piece, end >= len)?;
            }
        }
        if end < len {
            self.current = Some((filled, end));
        } else {
            into.fill(self.next, filled)?;
            release(&js);
            self.next += 1;
        }
        Ok(self.next >= into.parts())
    }
}

/// Makes room for `bytes` in wasm memory in one step: a block that large, allocated and freed,
/// which the allocator keeps for the allocations that follow. Receiving a table grew the memory
/// once per column (traced on a 289 MB export: ~90 grows in the page and workers), and at a grow
/// V8 may start or finish a garbage collection for the memory added; on the main thread one such
/// grow took 34–37 ms, making the step around it a task over 50 ms.
pub fn reserve(bytes: usize) {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
}

/// Frees a typed array's memory once it is copied into wasm: the message that brought it holds
/// it until its handler returns, which for an analysing worker is the whole analysis (a million
/// rows: ~100 MB per copy of the table). A resizable buffer ([`crossing_buffer`]) shrunk to 0
/// gives its memory back at once. `transfer(0)` (a fixed buffer: a file's slices, an older
/// browser) only detaches it: measured in Chromium, a worker busy in one long task keeps the
/// memory until a garbage collection, which a wasm loop does not trigger (BENCHMARKS.md).
fn release(typed: &JsValue) {
    let buffer = get(typed, "buffer");
    if get(&buffer, "resizable").as_bool() == Some(true) {
        let _ = buffer.unchecked_into::<js_sys::ArrayBuffer>().resize(0);
    } else if let Ok(f) = get(&buffer, "transfer").dyn_into::<js_sys::Function>() {
        let _ = f.call1(&buffer, &JsValue::from(0));
    }
}

/// A table from its bytes and its parts as typed arrays (as `analysis_request` or a worker's answer
/// carries them), copied `piece` elements at a time, all at once (in the worker, or a test).
pub fn table_from_parts(
    bytes: &[u8],
    cols: Array,
    piece: u32,
) -> Result<social_roi_core::Table, crate::wire::Malformed> {
    let mut copy = PartCopy::new(cols, piece);
    let mut pending = crate::wire::read_table(&mut crate::wire::Reader::new(bytes))?;
    while !copy.step(&mut pending)? {}
    Ok(pending.finish())
}

/// Parts as typed arrays of their own (copies), and their buffers to transfer.
pub fn parts_to_js(parts: &[Part]) -> (Array, Array) {
    let (cols, transfer) = (Array::new(), Array::new());
    for p in parts {
        cols.push(&part_to_js(p, &transfer));
    }
    (cols, transfer)
}

/// A read file as it came back: the table and report, and an orders export's digest.
pub type Received = (Loaded, Option<Digest>);

/// Turns a read file's answer back into a `Loaded` (and digest), its columns copied a piece at a
/// time in short main-thread tasks (copying all of a large table at once would block the page).
pub fn receive_loaded(
    data: JsValue,
    on_done: impl FnOnce(Result<Received, crate::wire::Malformed>) + 'static,
    cancel: CancelToken,
) {
    let meta = Uint8Array::new(&get(&data, "bytes")).to_vec();
    let mut copy = PartCopy::new(
        get(&data, "cols").dyn_into().unwrap_or_default(),
        COPY_PIECE,
    );
    let digest = get(&data, "digest");
    let mut pending: Option<crate::wire::Pending> = None;
    let mut copied = false;
    // The table's skeleton (dates, row sources) in one slice, the columns in the next ones, and
    // the hand-over (which re-renders the page) in a slice of its own.
    run_sliced(
        move || {
            let Some(p) = pending.as_mut() else {
                return match crate::wire::read_loaded(&meta) {
                    Ok(p) => {
                        pending = Some(p);
                        Slice::Continue(0.0)
                    }
                    Err(e) => Slice::Done(Err(e)),
                };
            };
            if copied {
                let p = pending.take().expect("pending is set");
                // the digest in a slice of its own (~6 MB for a 300,000-line export)
                let digest = if digest.is_object() {
                    let bytes = Uint8Array::new(&digest).to_vec();
                    match Digest::from_bytes(&bytes) {
                        Some(d) => Some(d),
                        None => return Slice::Done(Err(crate::wire::Malformed)),
                    }
                } else {
                    None
                };
                return Slice::Done(Ok((p.finish(), digest)));
            }
            let deadline = now_ms() + SLICE_MS;
            while !copied {
                match copy.step(p.table_mut()) {
                    Ok(done) => copied = done,
                    Err(e) => return Slice::Done(Err(e)),
                }
                if now_ms() >= deadline {
                    break;
                }
            }
            Slice::Continue(0.0)
        },
        |_| {},
        on_done,
        cancel,
    );
}

/// Bytes of a `File` read at a time: the whole file never exists in memory, as one JS buffer or
/// in the worker's wasm memory — only this much of it (the core's `Reader` keeps no bytes it has
/// turned into columns).
const FILE_CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// Where a read's bytes come from: a `File` read slice by slice, or bytes the page held.
enum Source {
    File(web_sys::Blob, web_sys::FileReaderSync),
    Bytes(Uint8Array),
}

impl Source {
    fn len(&self) -> usize {
        match self {
            Source::File(f, _) => f.size() as usize,
            Source::Bytes(b) => b.length() as usize,
        }
    }

    /// Copies the bytes `at..end` into `buf` (resized to fit).
    fn piece(&self, at: usize, end: usize, buf: &mut Vec<u8>) -> Result<(), JsValue> {
        let (part, fresh) = match self {
            Source::File(f, reader) => {
                let slice = f.slice_with_f64_and_f64(at as f64, end as f64)?;
                (
                    Uint8Array::new(&reader.read_as_array_buffer(&slice)?.into()),
                    true,
                )
            }
            Source::Bytes(b) => (b.subarray(at as u32, end as u32), false),
        };
        buf.resize(part.length() as usize, 0);
        part.copy_to(buf);
        if fresh {
            // the read's one handler runs to its end: without this, every piece read stays
            // allocated until then (the whole file, again)
            release(&part);
        }
        Ok(())
    }

    /// The text of physical line `line` (LF, CRLF, lone CR), for an error's quote: the source
    /// is scanned piece by piece to the line's start, then the line itself is read.
    fn quote_line(&self, line: u64) -> Option<String> {
        use crate::components::sources::{line_text, LineFinder};
        let size = self.len();
        let mut buf = Vec::new();
        let mut finder = LineFinder::new(line);
        let mut at = 0;
        let start = loop {
            if at >= size {
                break finder.finish(size)?;
            }
            let end = (at + FILE_CHUNK_BYTES).min(size);
            self.piece(at, end, &mut buf).ok()?;
            if let Some(s) = finder.find(&buf, at) {
                break s;
            }
            at = end;
        };
        self.piece(start, (start + 4096).min(size), &mut buf).ok()?;
        line_text(&buf, 1)
    }
}

fn serve_read(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) {
    let name = get(data, "name").as_string().unwrap_or_default();
    if get(data, "panic_test").is_truthy() && name == PANIC_TEST_NAME {
        panic!("test-only panic trigger");
    }
    let source = match get(data, "file").dyn_into::<web_sys::Blob>() {
        Ok(f) => match web_sys::FileReaderSync::new() {
            Ok(r) => Source::File(f, r),
            Err(e) => {
                let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                let shown = ShownError::unreadable_file(&name, &why);
                return post_done(scope, false, &crate::wire::write_error(&shown), &[], None);
            }
        },
        Err(_) => Source::Bytes(Uint8Array::new(&get(data, "bytes"))),
    };
    let mut options: Options = get(data, "options")
        .as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let recipe: Option<Recipe> = get(data, "recipe")
        .as_string()
        .and_then(|s| serde_json::from_str(&s).ok());
    // Not serialised (the core has no clock): the worker has the same clock as the page.
    options.today = Some(super::today());
    let size = source.len();
    let mut reader = Reader::new(name.clone(), size, options);
    let mut buf = Vec::new();
    let mut last = now_ms();
    loop {
        let at = reader.wants().min(size);
        if let Err(e) = source.piece(at, (at + FILE_CHUNK_BYTES).min(size), &mut buf) {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            let shown = ShownError::unreadable_file(&name, &why);
            return post_done(scope, false, &crate::wire::write_error(&shown), &[], None);
        }
        match reader.feed(&buf) {
            Ok(Some(loaded)) => {
                drop((reader, buf));
                let digest =
                    crate::wire::digest_for(&loaded, recipe.as_ref()).map(|d| d.to_bytes());
                // with a digest the page needs the rows' text only for its preview
                let text_rows = if digest.is_some() {
                    crate::components::check::PREVIEW_ROWS
                } else {
                    usize::MAX
                };
                let (bytes, parts) = crate::wire::write_loaded(&loaded, text_rows);
                return post_done(scope, true, &bytes, &parts, digest.as_deref());
            }
            Err(e) => {
                drop((reader, buf));
                let mut shown = ShownError::from(&e);
                // the page holds no bytes of a file to quote the line from: quote it here
                if let Some(line) = shown.line {
                    shown.quote = source.quote_line(line);
                }
                let bytes = crate::wire::write_error(&shown);
                return post_done(scope, false, &bytes, &[], None);
            }
            Ok(None) => {
                let now = now_ms();
                if now - last >= PROGRESS_MS {
                    last = now;
                    post_progress(scope, reader.progress());
                }
            }
        }
    }
}

/// The request to analyse `table` with a plan (`Plan::to_json`) (and then its period-to-period changes), made in
/// short main-thread slices: the table's skeleton in one, then each column's part copied into a
/// buffer of its own (moved to the worker, so the page's table is not touched).
/// `role`: "front" or "back" for a half (`analysis::Role`), "" for the whole analysis. With a
/// `share` (the back half's, `analysis::BackShare`) only its columns cross, with its plan.
pub fn analysis_request(
    table: std::sync::Arc<social_roi_core::Table>,
    plan_json: String,
    role: &str,
    share: Option<social_roi_core::analysis::BackShare>,
    on_done: impl FnOnce((Object, Array)) + 'static,
    cancel: CancelToken,
) {
    let on_done = {
        let role = JsValue::from(role);
        move |(req, transfer): (Object, Array)| {
            set(&req, "role", &role);
            on_done((req, transfer))
        }
    };
    analysis_request_in_pieces(table, plan_json, share, COPY_PIECE, on_done, cancel)
}

/// [`analysis_request`] copying `piece` values per step (tests use a few).
pub fn analysis_request_in_pieces(
    table: std::sync::Arc<social_roi_core::Table>,
    plan_json: String,
    share: Option<social_roi_core::analysis::BackShare>,
    piece: u32,
    on_done: impl FnOnce((Object, Array)) + 'static,
    cancel: CancelToken,
) {
    let piece = piece.max(1) as usize;
    let plan_json = share.as_ref().map_or(plan_json, |s| s.plan.to_json());
    // Text is never analysed (test `text_columns_change_no_analysis`): it does not cross.
    let keep = move |c: &social_roi_core::table::Column| {
        c.is_numeric() && share.as_ref().is_none_or(|s| s.keeps(c))
    };
    let req = Object::new();
    set(&req, "t", &"analyse".into());
    set(&req, "plan", &plan_json.into());
    set(&req, "panic_test", &panic_test().into());
    let transfer = Array::new();
    let cols = Array::new();
    let mut columns: Option<usize> = None;
    let mut next = 0usize;
    // a numeric column's array while it is being filled, and how far
    let mut current: Option<(js_sys::Float64Array, usize)> = None;
    run_sliced(
        move || {
            let Some(n) = columns else {
                let mut w = crate::wire::Writer::default();
                let n = crate::wire::write_columns(&mut w, &table, 0, &keep).len();
                let bytes = Uint8Array::new_with_length(w.0.len() as u32);
                bytes.copy_from(&w.0);
                transfer.push(&bytes.buffer());
                set(&req, "bytes", &bytes);
                set(&req, "cols", &cols);
                columns = Some(n);
                return Slice::Continue(0.0);
            };
            let started = now_ms();
            let deadline = started + SLICE_MS;
            let parts = crate::wire::table_parts(&table, 0, &keep);
            while next < n {
                match &parts[next] {
                    // a long column in pieces, so no copy makes a long task
                    Part::Numbers(v) => {
                        let (a, at) = match current.take() {
                            Some(c) => c,
                            // A long column's array is a long allocation (zeroed: 31 ms for 2.9M
                            // values): it starts a task of its own.
                            None if v.len() > piece && now_ms() - started > 1.0 => {
                                return Slice::Continue(0.0);
                            }
                            None => {
                                let a = js_sys::Float64Array::new(&crossing_buffer(v.len() * 8));
                                if v.len() > piece && now_ms() >= deadline {
                                    current = Some((a, 0));
                                    return Slice::Continue(0.0);
                                }
                                (a, 0)
                            }
                        };
                        let end = (at + piece).min(v.len());
                        a.subarray(at as u32, end as u32).copy_from(&v[at..end]);
                        if end < v.len() {
                            current = Some((a, end));
                        } else {
                            transfer.push(&a.buffer());
                            cols.push(&a);
                            next += 1;
                        }
                    }
                    p => {
                        cols.push(&part_to_js(p, &transfer));
                        next += 1;
                    }
                }
                if now_ms() >= deadline && next < n {
                    return Slice::Continue(0.0);
                }
            }
            Slice::Done((req.clone(), transfer.clone()))
        },
        |_| {},
        on_done,
        cancel,
    );
}

/// A report message's report (`part` or `done`), still to be completed from the page's table
/// (`wire::report::Completion`), and the number of rows it was made over. `Ok(None)`: the
/// message carries no report (the changes view could not be made). Small: one short task.
pub fn receive_report(
    data: &JsValue,
) -> Result<Option<(social_roi_core::analysis::Report, usize)>, crate::wire::Malformed> {
    let report = get(data, "report");
    if !report.is_object() {
        return Ok(None);
    }
    let n_rows = get(data, "n_rows").as_f64().unwrap_or(0.0) as usize;
    let bytes = Uint8Array::new(&report).to_vec();
    crate::wire::report::decode(&bytes).map(|r| Some((r, n_rows)))
}

/// Puts an encoded report (and its row count) on a message, its buffer on `transfer`.
fn set_report(
    msg: &Object,
    transfer: &Array,
    report: &social_roi_core::analysis::Report,
    n_rows: usize,
) {
    let enc = crate::wire::report::encode(report);
    let bytes = Uint8Array::new_with_length(enc.len() as u32);
    bytes.copy_from(&enc);
    transfer.push(&bytes.buffer());
    set(msg, "report", &bytes);
    set(msg, "n_rows", &(n_rows as f64).into());
}

/// Tells the page how far the task is (0 to 1).
fn post_progress(scope: &web_sys::DedicatedWorkerGlobalScope, p: f64) {
    let msg = Object::new();
    set(&msg, "t", &"progress".into());
    set(&msg, "p", &p.into());
    let _ = scope.post_message(&msg);
}

/// Runs a `Job` to its end, posting its progress (scaled into `[from, from + span]`).
fn run_job(
    scope: &web_sys::DedicatedWorkerGlobalScope,
    mut job: social_roi_core::analysis::Job,
    from: f64,
    span: f64,
) -> social_roi_core::Result<social_roi_core::analysis::Report> {
    loop {
        let deadline = now_ms() + PROGRESS_MS;
        match job.step(&mut || now_ms() >= deadline) {
            Some(r) => return r,
            None => post_progress(scope, from + job.progress() * span),
        }
    }
}

/// In the worker: one half of the analysis (`role`: "front" or "back", `analysis::Role`). The
/// back half answers with its report (`done`), which the page passes to the front half. The front
/// half waits for it (returns false: the worker must stay), then see [`continue_front`]. Returns
/// whether the task is over.
fn serve_analysis(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) -> bool {
    use social_roi_core::analysis::{Job, Plan, Role};
    let fail = |e: ShownError| {
        post_done(scope, false, &crate::wire::write_error(&e), &[], None);
        true
    };
    let bytes = Uint8Array::new(&get(data, "bytes")).to_vec();
    let cols = get(data, "cols").dyn_into().unwrap_or_default();
    let table = table_from_parts(&bytes, cols, COPY_PIECE);
    drop(bytes);
    let Ok(table) = table else {
        return fail(crashed());
    };
    let plan = match Plan::from_json(&get(data, "plan").as_string().unwrap_or_default()) {
        Ok(p) => p,
        Err(e) => return fail(ShownError::from(&e)),
    };
    let back = get(data, "role").as_string().as_deref() == Some("back");
    // Only the front panics: the page must show one error.
    if get(data, "panic_test").is_truthy() && !back && table.column(PANIC_TEST_COLUMN).is_some() {
        panic!("test-only panic trigger");
    }
    let role = if back { Role::Back } else { Role::Front };
    // The page remakes the ROI rows, the investment model and the change series (for the JSON
    // download) from its own table; the report crosses without them.
    let job = Job::with_role(std::sync::Arc::new(table), plan, role)
        .without_row_results()
        .without_change_series();
    if !back {
        return continue_front(scope, job);
    }
    let n = job.table().n_rows();
    match run_job(scope, job, 0.0, 1.0) {
        Ok(r) => {
            post_report(scope, "done", Some((&r, n)));
            true
        }
        Err(e) => fail(ShownError::from(&e)),
    }
}

/// In a front-half worker: steps its analysis until it must wait for the back half (kept in
/// `FRONT`; returns false) or ends (returns true). Sends the findings report (`part`), then its
/// finished report (`part` of kind "kendall": Kendall's tau), then builds the table of changes,
/// drops the levels' table and ends with the report over changes (`done`). Progress: the levels
/// to 0.6, the changes after.
fn continue_front(
    scope: &web_sys::DedicatedWorkerGlobalScope,
    mut job: social_roi_core::analysis::Job,
) -> bool {
    use social_roi_core::analysis::{changes_table, Job, Plan};
    let mut sent = false;
    let levels = loop {
        let deadline = now_ms() + PROGRESS_MS;
        match job.step(&mut || now_ms() >= deadline) {
            Some(Ok(r)) => break r,
            Some(Err(e)) => {
                let e = ShownError::from(&e);
                post_done(scope, false, &crate::wire::write_error(&e), &[], None);
                return true;
            }
            None if job.waiting_for_back() => {
                FRONT.with(|f| *f.borrow_mut() = Some(job));
                return false;
            }
            None => match job.findings_report() {
                Some(r) if !sent => {
                    post_report(scope, "part", Some((r, job.table().n_rows())));
                    sent = true;
                }
                _ => post_progress(scope, job.progress() * 0.6),
            },
        }
    };
    let table = job.table().clone();
    drop(job);
    post_report(scope, "kendall", Some((&levels, table.n_rows())));
    drop(levels);
    // The changes view is optional: without it, the levels still stand. The levels' table is
    // dropped before the changes are analysed (a million rows: ~100 MB).
    let changes = changes_table(&table);
    drop(table);
    let changes = changes.map(|t| {
        let n = t.n_rows();
        let job = Job::new(std::sync::Arc::new(t), Plan::default()).without_change_series();
        (run_job(scope, job, 0.6, 0.4), n)
    });
    let changes = match &changes {
        Some((Ok(r), n)) => Some((r, *n)),
        _ => None,
    };
    post_report(scope, "done", changes);
    true
}

/// Posts a report message: `part` (the findings), `kendall` (a `part` of that kind: Kendall's
/// tau) or `done` (the task's end, with the worker's memory); the report's buffer is moved.
fn post_report(
    scope: &web_sys::DedicatedWorkerGlobalScope,
    kind: &str,
    report: Option<(&social_roi_core::analysis::Report, usize)>,
) {
    let msg = Object::new();
    let transfer = Array::new();
    if kind == "kendall" {
        set(&msg, "kind", &kind.into());
        set(&msg, "t", &"part".into());
    } else {
        set(&msg, "t", &kind.into());
    }
    if kind == "done" {
        set(&msg, "ok", &true.into());
        set(&msg, "mem", &wasm_memory_bytes().into());
    }
    if let Some((r, n)) = report {
        set_report(&msg, &transfer, r, n);
    }
    let _ = scope.post_message_with_transfer(&msg, &transfer);
}

/// In a front-half worker: the back half's report (passed on by the page); the analysis goes on.
fn serve_back(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) -> bool {
    let Some(mut job) = FRONT.with(|f| f.borrow_mut().take()) else {
        return false; // not waiting: nothing to do
    };
    let bytes = Uint8Array::new(&get(data, "report")).to_vec();
    match crate::wire::report::decode(&bytes) {
        Ok(back) => {
            job.give_back(back);
            continue_front(scope, job)
        }
        Err(_) => {
            post_done(
                scope,
                false,
                &crate::wire::write_error(&crashed()),
                &[],
                None,
            );
            true
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_switch_that_forces_the_sliced_path() {
        assert!(super::forced_off("http://h/index.html?noworker"));
        assert!(super::forced_off("file:///x/index.html?a=1&noworker#embed"));
        assert!(super::forced_off("http://h/#embed&noworker"));
        assert!(!super::forced_off("http://h/index.html?noworkers#embed"));
    }
}
