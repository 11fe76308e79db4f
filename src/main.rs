//! Entry point of the web app binary built by Trunk: mounts the Yew app.

fn main() {
    social_roi::run();
}
