fn main() {
    aksnet_web::start();
}
