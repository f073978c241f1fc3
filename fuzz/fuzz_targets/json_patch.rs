//! Any `[document, changes]` pair: a change set that validates applies without a panic
//! (and without growing an array past the index bound), and the diff of the document
//! before and after replays into the same result.
#![no_main]

use lattice_shared::policy::patch::{Change, MAX_ARRAY_INDEX, apply, diff, validate};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn longest_array(value: &Value) -> usize {
    match value {
        Value::Array(items) => items
            .iter()
            .map(longest_array)
            .max()
            .unwrap_or(0)
            .max(items.len()),
        Value::Object(map) => map.values().map(longest_array).max().unwrap_or(0),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok((before, changes)) = serde_json::from_slice::<(Value, Vec<Change>)>(data) else {
        return;
    };
    if validate(&changes).is_err() {
        return;
    }
    let mut after = before.clone();
    apply(&mut after, &changes);
    let bound = longest_array(&before).max(MAX_ARRAY_INDEX + 1) + changes.len();
    assert!(
        longest_array(&after) <= bound,
        "an array grew past the index bound"
    );

    let mut replayed = before.clone();
    apply(&mut replayed, &diff(&before, &after));
    assert_eq!(replayed, after, "the diff does not replay");
});
