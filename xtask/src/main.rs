//! `cargo xtask`: the project's build steps that Trunk cannot do, written in Rust so they are tested.
//!
//! - `dist`   runs `trunk build --release`, then inlines the wasm-bindgen glue, the wasm (LZMA-packed,
//!   base64) and the small wasm decoder that unpacks it at boot into `dist/index.html`, adds the Content-Security-Policy with the inline script's hash, removes
//!   the now-unneeded files and prints the sizes. The result works from any static host, any
//!   sub-path, and from `file://` (a saved page), with zero requests beyond itself.
//! - `serve`  serves `dist/` on http://127.0.0.1:8080 (or `--port N`) with a tiny static server.
//! - `size`   prints raw and `gzip -9` sizes of the page; `--budget BYTES` fails when over.

mod imports;
mod inline;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist(&root),
        Some("serve") => {
            let port =
                flag_value(&args, "--port").map(|p| p.parse().map_err(|_| format!("bad port {p}")));
            match port.transpose() {
                Ok(p) => serve::serve(&root.join("dist"), p.unwrap_or(8080)),
                Err(e) => Err(e),
            }
        }
        Some("size") => {
            let budget = flag_value(&args, "--budget")
                .map(|b| b.parse::<u64>().map_err(|_| format!("bad budget {b}")));
            match budget.transpose() {
                Ok(b) => size(&root.join("dist"), b),
                Err(e) => Err(e),
            }
        }
        _ => Err("usage: cargo xtask dist | serve [--port N] | size [--budget BYTES]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The page's wasm is built with its own copy of the standard library, compiled for size with
/// the app and set to abort on a panic without formatting its message
/// (`-Cpanic=immediate-abort`): the panic machinery and std's generic code made for speed are
/// ~6 % of the LZMA-packed wasm (−31 KB measured, issue 15's page weight). A panic traps the
/// worker exactly as `panic = "abort"` did (the page shows "The engine stopped unexpectedly"
/// and starts another); only the message, which the page never showed, is gone. These are
/// unstable cargo and rustc options, accepted on this stable toolchain through
/// `RUSTC_BOOTSTRAP=1` for this one build (not for tests, the CLI or any native build), and
/// they need the `rust-src` component, which `./dev` installs.
fn std_for_size(cmd: &mut Command) -> Result<(), String> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_owned();
    let src = Path::new(&sysroot).join("lib/rustlib/src/rust/library/std");
    if !src.is_dir() {
        return Err(format!(
            "the page's wasm rebuilds std, which needs its source ({} is missing): run ./dev, or `rustup component add rust-src`",
            src.display()
        ));
    }
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort",
        );
    Ok(())
}

fn dist(root: &Path) -> Result<(), String> {
    let mut trunk = Command::new("trunk");
    std_for_size(&mut trunk)?;
    let status = trunk
        .args(["build", "--release"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run trunk (is it installed? run ./dev): {e}"))?;
    if !status.success() {
        return Err(format!("trunk build failed ({status})"));
    }
    let dist = root.join("dist");
    let unpacker = unpacker(root)?;
    let sizes = inline::inline_dist(&dist, &unpacker)?;
    println!("wasm decoder the page boots with: {} bytes", unpacker.len());
    println!(
        "wasm (after wasm-opt): {} bytes raw, {} bytes gzip -9",
        sizes.wasm_raw,
        gzip9(&sizes.wasm_bytes)?
    );
    size(&dist, None)
}

/// The page's LZMA decoder (`crates/unlzma`) as a wasm module: built with the page's profile and
/// shrunk by `wasm-opt` (Trunk's own requirement, so on PATH wherever the page builds).
fn unpacker(root: &Path) -> Result<Vec<u8>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "-q",
            "-p",
            "social-roi-unlzma",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--profile", "web"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "building the page's wasm decoder failed ({status})"
        ));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let raw = target.join("wasm32-unknown-unknown/web/social_roi_unlzma.wasm");
    let out = target.join("social_roi_unlzma.opt.wasm");
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
        ])
        .arg(&raw)
        .arg("-o")
        .arg(&out)
        .status()
        .map_err(|e| format!("cannot run wasm-opt (is it installed? run ./dev install): {e}"))?;
    if !status.success() {
        return Err(format!(
            "wasm-opt failed on the page's wasm decoder ({status})"
        ));
    }
    std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))
}

/// Size of `bytes` compressed with the system's `gzip -9` (the figure the budget is stated in).
pub fn gzip9(bytes: &[u8]) -> Result<u64, String> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "gzip writer panicked".to_owned())?
        .map_err(|e| e.to_string())?;
    Ok(out.stdout.len() as u64)
}

fn size(dist: &Path, budget: Option<u64>) -> Result<(), String> {
    let page = std::fs::read(dist.join("index.html"))
        .map_err(|e| format!("dist/index.html: {e} (run cargo xtask dist)"))?;
    let gz = gzip9(&page)?;
    println!(
        "page dist/index.html (everything inline): {} bytes raw, {} bytes gzip -9",
        page.len(),
        gz
    );
    if let Some(b) = budget {
        if gz > b {
            return Err(format!(
                "page is {gz} bytes gzipped, over the budget of {b} bytes"
            ));
        }
        println!("within budget: {gz} <= {b} bytes gzip -9");
    }
    Ok(())
}
