use super::*;

#[test]
fn placeholder() {
    assert!(read(b"").is_err());
}
