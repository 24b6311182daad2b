//! The JSON Schemas in `assets/` must match the model types. Run with
//! `UPDATE_SCHEMAS=1 cargo test --test schema` to rewrite them after a change.
//!
//! Also checks that the schemas (what editors enforce) and the validator
//! (what `handoff validate` enforces) agree on typical mistakes, using a tiny
//! evaluator for the JSON Schema keywords schemars emits (no extra dependency).

use std::collections::HashSet;
use std::path::PathBuf;

use handoff::quiz::schema::{matrix_schema, quiz_schema};
use handoff::quiz::validate::{validate_matrix, validate_quiz};
use serde_json::{Map, Value, json};

fn check_asset(name: &str, generated: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets").join(name);
    if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, generated).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{} is out of date with src/quiz/model.rs; run `UPDATE_SCHEMAS=1 cargo test --test schema` and commit it",
        path.display()
    );
}

#[test]
fn quiz_schema_is_up_to_date() {
    check_asset("quiz.schema.json", &quiz_schema());
}

#[test]
fn matrix_schema_is_up_to_date() {
    check_asset("matrix.schema.json", &matrix_schema());
}

#[test]
fn schemas_have_help_for_editors() {
    for text in [quiz_schema(), matrix_schema()] {
        assert!(text.ends_with("}\n"));
        let schema: Value = serde_json::from_str(&text).unwrap_or_default();
        assert!(schema["title"].as_str().is_some_and(|t| t.starts_with("handoff")));
        assert!(schema["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn spec_example_validates_clean() {
    let lessons = vec!["01-shared-responsibility".to_string(), "02-service-models".to_string()];
    let (quiz, diags) = validate_quiz("example.json", &fixture("valid/01-shared-responsibility.json"), &lessons, true);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(quiz.is_some());
    let (matrix, diags) = validate_matrix("course.json", &fixture("valid/course.json"));
    assert!(diags.is_empty(), "{diags:?}");
    assert!(matrix.is_some());
}

// ---- a minimal JSON Schema evaluator ---------------------------------------

/// Validates `value`; on success returns the object properties it evaluated
/// (for `unevaluatedProperties`).
fn eval(root: &Value, schema: &Value, value: &Value) -> Result<HashSet<String>, String> {
    let mut seen = HashSet::new();
    let Some(s) = schema.as_object() else {
        return Ok(seen);
    };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").ok_or(format!("unsupported $ref {r}"))?;
        seen.extend(eval(root, &root["$defs"][name], value)?);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            _ => false,
        });
        if !ok {
            return Err(format!("type {t} != {value}"));
        }
    }
    if let Some(c) = s.get("const")
        && c != value
    {
        return Err(format!("const {c}"));
    }
    if let Some(Value::Array(e)) = s.get("enum")
        && !e.contains(value)
    {
        return Err(format!("enum {value}"));
    }
    if let Some(n) = value.as_f64() {
        if s.get("minimum").and_then(Value::as_f64).is_some_and(|m| n < m) {
            return Err(format!("minimum {n}"));
        }
        if s.get("maximum").and_then(Value::as_f64).is_some_and(|m| n > m) {
            return Err(format!("maximum {n}"));
        }
    }
    if let Some(text) = value.as_str() {
        if s.get("minLength").and_then(Value::as_u64).is_some_and(|m| (text.chars().count() as u64) < m) {
            return Err("minLength".into());
        }
        // No regex engine here: the one pattern the model uses is checked by hand.
        let id_like = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        match s.get("pattern").and_then(Value::as_str) {
            None => {}
            Some("^[A-Za-z0-9_-]+$") if id_like => {}
            Some("^[A-Za-z0-9_-]+$") => return Err(format!("pattern {text}")),
            Some(p) => return Err(format!("unsupported pattern {p}")),
        }
    }
    if let Some(items) = value.as_array() {
        if s.get("minItems").and_then(Value::as_u64).is_some_and(|m| (items.len() as u64) < m) {
            return Err("minItems".into());
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    return Err(format!("uniqueItems {a}"));
                }
            }
        }
        if let Some(item_schema) = s.get("items") {
            for item in items {
                eval(root, item_schema, item)?;
            }
        }
    }
    if let Some(obj) = value.as_object() {
        object(root, s, obj, &mut seen)?;
    }
    Ok(seen)
}

fn object(
    root: &Value,
    s: &Map<String, Value>,
    obj: &Map<String, Value>,
    seen: &mut HashSet<String>,
) -> Result<(), String> {
    let props = s.get("properties").and_then(Value::as_object);
    for name in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !obj.contains_key(name) {
            return Err(format!("required {name}"));
        }
    }
    for (k, v) in obj {
        if let Some(p) = props.and_then(|p| p.get(k)) {
            eval(root, p, v)?;
            seen.insert(k.clone());
        } else if let Some(extra) = s.get("additionalProperties") {
            if extra == &Value::Bool(false) {
                return Err(format!("additionalProperties {k}"));
            }
            eval(root, extra, v)?;
            seen.insert(k.clone());
        }
    }
    if let Some(Value::Array(branches)) = s.get("oneOf") {
        let passing: Vec<HashSet<String>> =
            branches.iter().filter_map(|b| eval(root, b, &Value::Object(obj.clone())).ok()).collect();
        if passing.len() != 1 {
            return Err(format!("oneOf matched {}", passing.len()));
        }
        seen.extend(passing.into_iter().flatten());
    }
    if s.get("unevaluatedProperties") == Some(&Value::Bool(false))
        && let Some(k) = obj.keys().find(|k| !seen.contains(*k))
    {
        return Err(format!("unevaluatedProperties {k}"));
    }
    Ok(())
}

fn schema_accepts(schema: &str, doc: &Value) -> bool {
    let root: Value = serde_json::from_str(schema).unwrap_or_default();
    eval(&root, &root, doc).is_ok()
}

fn example() -> Value {
    serde_json::from_slice(&fixture("valid/01-shared-responsibility.json")).unwrap_or_default()
}

/// Applies `edit` to the spec example and checks schema and validator verdicts.
fn quiz_case(name: &str, edit: impl FnOnce(&mut Value), schema_ok: bool, validator_ok: bool) {
    let mut doc = example();
    edit(&mut doc);
    let bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    let (quiz, diags) = validate_quiz("case.json", &bytes, &[], false);
    assert_eq!(schema_accepts(&quiz_schema(), &doc), schema_ok, "schema on {name}");
    assert_eq!(quiz.is_some(), validator_ok, "validator on {name}: {diags:?}");
}

#[test]
fn schema_and_validator_agree() {
    quiz_case("the spec example", |_| {}, true, true);
    quiz_case("typo in a question field", |d| d["questions"][0]["promt"] = json!("x"), false, false);
    quiz_case("answer on a single question", |d| d["questions"][0]["answer"] = json!(true), false, false);
    quiz_case("options on true_false", |d| d["questions"][2]["options"] = json!([]), false, false);
    quiz_case("unknown quiz field", |d| d["titel"] = json!("x"), false, false);
    quiz_case("missing prompt", |d| _ = d["questions"][1].as_object_mut().map(|q| q.remove("prompt")), false, false);
    quiz_case("empty prompt", |d| d["questions"][1]["prompt"] = json!(""), false, false);
    quiz_case("bad id", |d| d["questions"][1]["id"] = json!("two words"), false, false);
    quiz_case("format 2", |d| d["format"] = json!(2), false, false);
    quiz_case("unknown type", |d| d["questions"][0]["type"] = json!("singel"), false, false);
    quiz_case("one option", |d| _ = d["questions"][0]["options"].as_array_mut().map(|o| o.pop()), false, false);
    quiz_case("weight 1.5", |d| d["questions"][1]["options"][0]["weight"] = json!(1.5), false, false);
    quiz_case("weight -0.5", |d| d["questions"][1]["options"][2]["weight"] = json!(-0.5), true, true);
    quiz_case("duplicate categories", |d| d["questions"][3]["categories"] = json!(["A", "A"]), false, false);
    quiz_case("no topics", |d| d["questions"][2]["topics"] = json!([]), false, false);
    quiz_case("null why", |d| d["questions"][0]["options"][1]["why"] = Value::Null, true, true);
    // Rules a schema cannot express: only the validator catches these.
    quiz_case("two correct in single", |d| d["questions"][0]["options"][1]["correct"] = json!(true), true, false);
    quiz_case("answer not a category", |d| d["questions"][3]["items"][0]["answer"] = json!("Nobody"), true, false);
    quiz_case("duplicate ids", |d| d["questions"][1]["id"] = json!("gap"), true, false);
    quiz_case("blank title", |d| d["title"] = json!("  "), true, false);

    let matrix: Value = serde_json::from_slice(&fixture("valid/course.json")).unwrap_or_default();
    let matrix_case = |name: &str, edit: &dyn Fn(&mut Value), schema_ok: bool, validator_ok: bool| {
        let mut doc = matrix.clone();
        edit(&mut doc);
        let bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
        assert_eq!(schema_accepts(&matrix_schema(), &doc), schema_ok, "schema on {name}");
        assert_eq!(validate_matrix("m.json", &bytes).0.is_some(), validator_ok, "validator on {name}");
    };
    matrix_case("the spec example", &|_| {}, true, true);
    matrix_case("unknown owner", &|d| d["layers"][0]["cells"]["IaaS"]["owner"] = json!("nobody"), false, false);
    matrix_case("empty why", &|d| d["layers"][0]["cells"]["IaaS"]["why"] = json!(""), false, false);
    matrix_case("duplicate model", &|d| d["models"] = json!(["IaaS", "IaaS"]), false, false);
    matrix_case(
        "missing cell",
        &|d| _ = d["layers"][0]["cells"].as_object_mut().map(|c| c.remove("SaaS")),
        true,
        false,
    );
}
