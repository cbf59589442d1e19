//! Rough timing of `SchemaSet::validate(User, ..)`, printed rather than asserted.
//!
//! Run with `cargo run --release --example schema_bench [iterations]`
//! (default 10 000). Uses the RFC 7643 §8.3 enterprise user: once with
//! canonical keys (no copy), once with mis-cased keys (canonicalisation copies
//! the instance), once with a leaked password (error path).

use std::hint::black_box;
use std::time::{Duration, Instant};

use scimgate::schema::{SchemaSet, ScimSchema};
use serde_json::Value;

fn time(label: &str, iterations: u32, mut run: impl FnMut() -> usize) {
    let started = Instant::now();
    let mut violations = 0;
    for _ in 0..iterations {
        violations += run();
    }
    let elapsed = started.elapsed();
    let per_call = elapsed / iterations.max(1);
    println!(
        "{label:<28} {iterations} calls in {elapsed:>10.3?} ({per_call:.2?}/call, {violations} violations)"
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iterations: u32 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    let user: Value = serde_json::from_str(include_str!(
        "../tests/fixtures/scim-rfc/rfc7643-8.3-enterprise-user.json"
    ))?;
    let mut mis_cased = user.clone();
    let object = mis_cased.as_object_mut().ok_or("fixture is an object")?;
    let name = object.remove("name").ok_or("fixture has a name")?;
    object.insert("Name".to_owned(), name);
    let user_name = object.remove("userName").ok_or("fixture has a userName")?;
    object.insert("USERNAME".to_owned(), user_name);
    let mut leaked = user.clone();
    leaked["password"] = Value::from("t1meMa$heen");

    let started = Instant::now();
    let set = SchemaSet::load()?;
    let load: Duration = started.elapsed();
    println!("load + compile all schemas: {load:.2?}");

    time("canonical keys", iterations, || {
        set.validate(ScimSchema::User, black_box(&user)).len()
    });
    time("mis-cased keys", iterations, || {
        set.validate(ScimSchema::User, black_box(&mis_cased)).len()
    });
    time("leaked password", iterations, || {
        set.validate(ScimSchema::User, black_box(&leaked)).len()
    });
    Ok(())
}
