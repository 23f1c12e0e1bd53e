fn main() {
    // The same module runs the page and, in a worker, the analysis (see background.rs).
    if web_sys::window().is_some() {
        aksnet_web::start();
    } else {
        aksnet_web::serve_worker();
    }
}
