//! Change sets: the JSON-Patch subset endorsements use (add, replace, remove on JSON
//! Pointer paths), applied so they can be re-applied on a different base when an earlier
//! endorsement is processed later, and computed as a diff between two payloads.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One change of an endorsement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// `add`, `replace` or `remove`.
    pub op: String,
    /// A JSON Pointer (`/uwAnswers/driverAge`, `/coverages/0/limit`).
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// Why a change set cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub index: usize,
    pub message: String,
}

/// Segments that would reach the prototype chain in the reference's JavaScript; refused
/// here too so a change set means the same thing on every platform.
const FORBIDDEN: &[&str] = &["__proto__", "constructor", "prototype"];

/// The largest array index a change may name. Payload lists (risks, coverages, drivers)
/// are short, and writing past the end pads the array with nulls: without a bound, one
/// change could ask for an array of billions.
pub const MAX_ARRAY_INDEX: usize = 999;

/// `key` as an array index within [`MAX_ARRAY_INDEX`].
fn array_index(key: &str) -> Option<usize> {
    key.parse::<usize>().ok().filter(|i| *i <= MAX_ARRAY_INDEX)
}

/// A segment that reads as a number but is beyond [`MAX_ARRAY_INDEX`].
fn too_far(segment: &str) -> bool {
    !segment.is_empty()
        && segment.bytes().all(|b| b.is_ascii_digit())
        && array_index(segment).is_none()
}

fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Checks a change set before it is stored.
pub fn validate(changes: &[Change]) -> Result<(), PatchError> {
    for (index, c) in changes.iter().enumerate() {
        let fail = |message: &str| {
            Err(PatchError {
                index,
                message: message.to_owned(),
            })
        };
        match c.op.as_str() {
            "add" | "replace" if c.value.is_none() => return fail("add and replace need a value"),
            "add" | "replace" | "remove" => {}
            _ => return fail("op must be add, replace or remove"),
        }
        match segments(&c.path) {
            None => return fail("path must be a JSON Pointer starting with /"),
            Some(s) if s.iter().any(|p| FORBIDDEN.contains(&p.as_str())) => {
                return fail("path uses a reserved segment");
            }
            Some(s) if s.iter().all(String::is_empty) => {
                return fail("path must name a field, not the whole payload");
            }
            Some(s) if s.iter().any(|p| too_far(p)) => {
                return fail("path has an array index above 999");
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Applies `changes` to `target`. Missing intermediate objects are created; `-` appends to
/// an array; an index past the end extends the array with nulls. Removing something that
/// is not there changes nothing, so a change set can be replayed on any base.
pub fn apply(target: &mut Value, changes: &[Change]) {
    for c in changes {
        let Some(path) = segments(&c.path) else {
            continue;
        };
        if path.is_empty()
            || path
                .iter()
                .any(|p| FORBIDDEN.contains(&p.as_str()) || too_far(p))
        {
            continue;
        }
        apply_one(target, &path, c);
    }
}

fn apply_one(node: &mut Value, path: &[String], c: &Change) {
    let Some((key, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        set_leaf(node, key, c);
        return;
    }
    let next_is_index = array_index(&rest[0]).is_some();
    if let Some(next) = child(node, key, c.op != "remove", next_is_index) {
        apply_one(next, rest, c);
    }
}

fn set_leaf(node: &mut Value, last: &str, c: &Change) {
    match (c.op.as_str(), node) {
        ("remove", Value::Object(map)) => {
            map.remove(last);
        }
        ("remove", Value::Array(items)) => {
            if let Some(i) = array_index(last)
                && i < items.len()
            {
                items.remove(i);
            }
        }
        (_, Value::Object(map)) => {
            map.insert(last.to_owned(), c.value.clone().unwrap_or(Value::Null));
        }
        (_, Value::Array(items)) => {
            let value = c.value.clone().unwrap_or(Value::Null);
            if last == "-" {
                items.push(value);
            } else if let Some(i) = array_index(last) {
                if i >= items.len() {
                    items.resize(i + 1, Value::Null);
                }
                items[i] = value;
            }
        }
        _ => {}
    }
}

fn child<'a>(
    node: &'a mut Value,
    key: &str,
    create: bool,
    next_is_index: bool,
) -> Option<&'a mut Value> {
    let fresh = || {
        if next_is_index {
            Value::Array(Vec::new())
        } else {
            Value::Object(serde_json::Map::new())
        }
    };
    if node.is_null() && create {
        *node = Value::Object(serde_json::Map::new());
    }
    match node {
        Value::Object(map) => {
            if !map.contains_key(key) {
                if !create {
                    return None;
                }
                map.insert(key.to_owned(), fresh());
            }
            let entry = map.get_mut(key)?;
            if entry.is_null() && create {
                *entry = fresh();
            }
            Some(entry)
        }
        Value::Array(items) => {
            let i = array_index(key)?;
            if i >= items.len() {
                if !create {
                    return None;
                }
                items.resize(i + 1, Value::Null);
            }
            if items[i].is_null() && create {
                items[i] = fresh();
            }
            items.get_mut(i)
        }
        _ => None,
    }
}

/// The change set turning `old` into `new`: objects are compared key by key, anything else
/// (arrays included) is replaced whole.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    out
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(v) => walk(&child, value, v, out),
                    None => out.push(Change {
                        op: "remove".into(),
                        path: child,
                        value: None,
                    }),
                }
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(Change {
                        op: "add".into(),
                        path: child,
                        value: Some(value.clone()),
                    });
                }
            }
        }
        _ if old != new && !path.is_empty() => out.push(Change {
            op: "replace".into(),
            path: path.to_owned(),
            value: Some(new.clone()),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(op: &str, path: &str, value: Option<Value>) -> Change {
        Change {
            op: op.into(),
            path: path.into(),
            value,
        }
    }

    #[test]
    fn add_replace_remove_with_intermediates_and_appends() {
        let mut doc = json!({"a": {"b": 1}, "list": [1, 2]});
        apply(
            &mut doc,
            &[
                change("replace", "/a/b", Some(json!(2))),
                change("add", "/x/y/z", Some(json!("deep"))),
                change("add", "/list/-", Some(json!(3))),
                change("replace", "/list/0", Some(json!(9))),
                change("add", "/n/0/k", Some(json!(true))),
                change("remove", "/a", None),
                change("remove", "/never/there", None),
                change("add", "/__proto__/polluted", Some(json!(1))),
                change("add", "/a~1b", Some(json!("slash"))),
            ],
        );
        assert_eq!(
            doc,
            json!({"x": {"y": {"z": "deep"}}, "list": [9, 2, 3], "n": [{"k": true}], "a/b": "slash"})
        );
    }

    #[test]
    fn a_far_array_index_is_refused_and_never_applied() {
        let far = change("add", "/coverages/1000000000/limit", Some(json!(1)));
        let error = validate(std::slice::from_ref(&far)).expect_err("refused");
        assert_eq!(error.message, "path has an array index above 999");
        let overflow = change("replace", "/list/18446744073709551615", Some(json!(1)));
        assert!(validate(std::slice::from_ref(&overflow)).is_err());
        assert!(validate(&[change("add", "/list/999", Some(json!(1)))]).is_ok());

        // Stored change sets are applied defensively too: nothing grows.
        let mut doc = json!({"coverages": [], "list": [0]});
        apply(&mut doc, &[far, overflow]);
        assert_eq!(doc, json!({"coverages": [], "list": [0]}));
        apply(&mut doc, &[change("add", "/list/3", Some(json!(3)))]);
        assert_eq!(doc, json!({"coverages": [], "list": [0, null, null, 3]}));
    }

    #[test]
    fn a_diff_replays_into_the_new_document() {
        let old = json!({"uwAnswers": {"driverAge": 35}, "coverages": [{"code": "BI"}], "gone": 1});
        let new =
            json!({"uwAnswers": {"driverAge": 22, "extra": "x"}, "coverages": [{"code": "PD"}]});
        let changes = diff(&old, &new);
        let mut replayed = old;
        apply(&mut replayed, &changes);
        assert_eq!(replayed, new);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/coverages",
                "/gone",
                "/uwAnswers/driverAge",
                "/uwAnswers/extra"
            ]
        );
    }

    #[test]
    fn validation_names_the_bad_change() {
        assert!(validate(&[change("replace", "/a", Some(json!(1)))]).is_ok());
        assert_eq!(
            validate(&[change("move", "/a", None)])
                .expect_err("op")
                .index,
            0
        );
        assert!(validate(&[change("add", "a", Some(json!(1)))]).is_err());
        assert!(validate(&[change("replace", "/a", None)]).is_err());
        assert!(validate(&[change("add", "/constructor/x", Some(json!(1)))]).is_err());
        assert!(validate(&[change("remove", "/", None)]).is_err());
    }
}
