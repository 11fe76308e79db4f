//! Long work in short slices on the main thread, so the page never freezes.
//!
//! Reading runs in a Web Worker where the browser allows it (`browser::worker`); this is its
//! fallback, and still the engine of the analysis (whose results the charts, drawn here, read). The
//! core's jobs (`ingest::ReadJob`, `analysis::Job`) are resumable, so we run them in slices of
//! about [`SLICE_MS`] and yield to the browser between slices through a `MessageChannel` (which,
//! unlike `setTimeout(0)`, is not clamped to 4 ms after a few nested calls).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Target duration of one slice of work; well under the 50 ms "long task" threshold.
pub const SLICE_MS: f64 = 30.0;

/// Least time between two progress reports: each one re-renders the page, so reporting after
/// every slice would spend a good share of the main thread on repainting the same bar.
pub const PROGRESS_MS: f64 = 100.0;

/// Milliseconds from a monotonic clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The tick closure, owned by itself until the task ends.
type SelfRef = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// What one slice returned.
pub enum Slice<T> {
    /// More to do; the value is the progress (0 to 1).
    Continue(f64),
    /// Finished.
    Done(T),
}

/// Cancels a running task; the task stops before its next slice and reports nothing (a worker
/// task is terminated through the hook it registered with [`CancelToken::on_cancel`]).
#[derive(Clone, Default)]
pub struct CancelToken(Rc<CancelInner>);

#[derive(Default)]
struct CancelInner {
    cancelled: Cell<bool>,
    hook: RefCell<Option<Box<dyn FnOnce()>>>,
}

impl CancelToken {
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        let hook = self.0.hook.borrow_mut().take();
        if let Some(f) = hook {
            f();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }

    /// Runs `f` on cancel (at once if already cancelled).
    pub fn on_cancel(&self, f: impl FnOnce() + 'static) {
        if self.is_cancelled() {
            f();
        } else {
            *self.0.hook.borrow_mut() = Some(Box::new(f));
        }
    }
}

/// Runs `slice` repeatedly, yielding to the browser between calls, until it returns `Done`.
/// `on_progress` sees the progress after a slice (at most every [`PROGRESS_MS`]), `on_done` the result (unless cancelled).
pub fn run_sliced<T: 'static>(
    mut slice: impl FnMut() -> Slice<T> + 'static,
    on_progress: impl Fn(f64) + 'static,
    on_done: impl FnOnce(T) + 'static,
    cancel: CancelToken,
) {
    let channel = match web_sys::MessageChannel::new() {
        Ok(c) => c,
        Err(_) => return,
    };
    let port_in = channel.port1();
    let port_out = channel.port2();
    let on_done = RefCell::new(Some(on_done));
    // The closure re-posts a message to itself until done; it owns itself through `keep`.
    let keep: SelfRef = Rc::new(RefCell::new(None));
    let keep2 = keep.clone();
    let port_in2 = port_in.clone();
    let mut last_report = f64::NEG_INFINITY;
    let tick = Closure::<dyn FnMut()>::new(move || {
        if cancel.is_cancelled() {
            port_in2.set_onmessage(None);
            keep2.borrow_mut().take();
            return;
        }
        match slice() {
            Slice::Continue(p) => {
                let now = now_ms();
                if now - last_report >= PROGRESS_MS {
                    last_report = now;
                    on_progress(p);
                }
                let _ = port_out.post_message(&wasm_bindgen::JsValue::NULL);
            }
            Slice::Done(v) => {
                port_in2.set_onmessage(None);
                if let Some(f) = on_done.borrow_mut().take() {
                    f(v);
                }
                // Dropping the closure from inside itself is deferred to after this call returns.
                let me = keep2.borrow_mut().take();
                if let Some(me) = me {
                    me.forget_later();
                }
            }
        }
    });
    port_in.set_onmessage(Some(tick.as_ref().unchecked_ref()));
    *keep.borrow_mut() = Some(tick);
    let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
}

/// Dropping a `Closure` while it runs would free the code under our feet; drop it on a later task.
trait ForgetLater {
    fn forget_later(self);
}

impl ForgetLater for Closure<dyn FnMut()> {
    fn forget_later(self) {
        gloo::timers::callback::Timeout::new(0, move || drop(self)).forget();
    }
}
