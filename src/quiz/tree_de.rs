//! serde over the positioned tree of [`super::json`]: once a file has passed validation,
//! the engine's typed model is built by serde's derives from the tree the validator
//! walked, not from a second parse of the file (which cost a third of loading a quiz bank).
//!
//! Values reach serde as serde_json would hand them over: a number written without a
//! fraction or exponent is an integer (`1` loads as a `u32`, `1.0` does not), strings
//! are borrowed where the tree borrows them, and `null` is `None`.

use std::borrow::Cow;
use std::fmt::Display;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::json::{Key, Node, Pos, Value, number_lexeme};

/// Why a validated tree did not convert; `pos` is the value serde was reading.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub message: String,
    pub pos: Option<Pos>,
}

impl de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error { message: message.to_string(), pos: None }
    }
}

/// Builds `T` from `node`, parsed from `source` (numbers are read as written there).
pub fn from_tree<T: DeserializeOwned>(node: &Node<'_>, source: &[u8]) -> Result<T, Error> {
    T::deserialize(TreeDeserializer { node, source })
}

struct TreeDeserializer<'n> {
    node: &'n Node<'n>,
    source: &'n [u8],
}

impl TreeDeserializer<'_> {
    /// Errors from deeper values keep their own position; others get this value's.
    fn located<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|mut e| {
            e.pos.get_or_insert(self.node.pos);
            e
        })
    }
}

enum Integer {
    Unsigned(u64),
    Signed(i64),
}

/// The number as serde_json reads it: an integer when written as one and in range.
fn integer(source: &[u8], node: &Node<'_>) -> Option<Integer> {
    let lexeme = number_lexeme(source, node)?;
    if lexeme.contains(['.', 'e', 'E']) {
        return None;
    }
    if lexeme.starts_with('-') {
        lexeme.parse().ok().map(Integer::Signed)
    } else {
        lexeme.parse().ok().map(Integer::Unsigned)
    }
}

impl<'de> de::Deserializer<'de> for TreeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let source = self.source;
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match integer(source, self.node) {
                Some(Integer::Unsigned(u)) => visitor.visit_u64(u),
                Some(Integer::Signed(i)) => visitor.visit_i64(i),
                None => visitor.visit_f64(*n),
            },
            Value::String(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Value::String(Cow::Owned(s)) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter(), source }),
            Value::Object(members) => visitor.visit_map(Members { members: members.iter(), value: None, source }),
        };
        self.located(result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Only unit variants written as strings (owners) are in the formats.
        match &self.node.value {
            Value::String(s) => {
                let result = visitor.visit_enum(s.as_ref().into_deserializer());
                self.located(result)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'n> {
    items: std::slice::Iter<'n, Node<'n>>,
    source: &'n [u8],
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed.deserialize(TreeDeserializer { node, source: self.source }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Members<'n> {
    members: std::slice::Iter<'n, (Key<'n>, Node<'n>)>,
    /// The value of the key just handed out.
    value: Option<&'n Node<'n>>,
    source: &'n [u8],
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, node)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(node);
        let name: &'de str = key.name.as_ref();
        seed.deserialize(name.into_deserializer()).map(Some).map_err(|mut e: Error| {
            e.pos.get_or_insert(key.pos);
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(TreeDeserializer { node, source: self.source }),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;
    use crate::quiz::json::parse_str;
    use crate::quiz::model::{MatrixFile, Owner, QuizFile};

    /// The tree gives serde what serde_json gives it: same values, same refusals. Returns
    /// whether it loaded.
    fn same_as_serde_json<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> bool {
        let node = parse_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let ours = from_tree::<T>(&node, text.as_bytes()).map_err(|e| e.message);
        let theirs = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text}: tree {ours:?}, serde_json {theirs:?}"),
        }
        ours.is_ok()
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Numbers {
        small: u32,
        signed: i64,
        float: f64,
        maybe: Option<f64>,
    }

    #[test]
    fn numbers_load_as_written() {
        assert!(same_as_serde_json::<Numbers>(r#"{"small": 1, "signed": -3, "float": 2, "maybe": null}"#));
        assert!(same_as_serde_json::<Numbers>(r#"{"small": 1, "signed": -3, "float": -0.5e1, "maybe": 7}"#));
        // Refused by both: a fraction for an integer, out of range, negative unsigned, too big.
        for refused in [
            r#"{"small": 1.0, "signed": 1, "float": 1}"#,
            r#"{"small": 4294967296, "signed": 1, "float": 1}"#,
            r#"{"small": -1, "signed": 1, "float": 1}"#,
            r#"{"small": 1, "signed": 99999999999999999999, "float": 1}"#,
        ] {
            assert!(!same_as_serde_json::<Numbers>(refused), "{refused}");
        }
    }

    #[test]
    fn strings_enums_maps_and_refusals() {
        assert!(same_as_serde_json::<BTreeMap<String, Owner>>(r#"{"a\u00e9": "customer", "b": "shared"}"#));
        assert!(!same_as_serde_json::<BTreeMap<String, Owner>>(r#"{"a": "landlord"}"#));
        assert!(same_as_serde_json::<Vec<Option<String>>>(r#"["x", null, "tab\there"]"#));
        assert!(!same_as_serde_json::<Vec<String>>(r#"["x", 1]"#));
    }

    #[test]
    fn course_formats_load_the_same() {
        let quiz = r#"{"format": 1, "title": "T", "lesson": "l", "questions": [
            {"id": "a", "type": "single", "prompt": "P", "topics": ["t"],
             "options": [{"text": "x", "correct": true, "why": "w"}, {"text": "y", "weight": -0.5}]},
            {"id": "b", "type": "true_false", "prompt": "P", "topics": ["t"], "answer": false},
            {"id": "c", "type": "matching", "prompt": "P", "topics": ["t"], "explanation": "E",
             "categories": ["A", "B"], "items": [{"text": "i", "answer": "A"}]}]}"#;
        assert!(same_as_serde_json::<QuizFile>(quiz));
        // A field of the wrong type, an unknown field, a missing one: refused by both.
        for broken in [
            quiz.replace(r#""answer": false"#, r#""answer": "no""#),
            quiz.replace(r#""title": "T""#, r#""title": "T", "extra": 1"#),
            quiz.replace(r#""format": 1, "#, ""),
            quiz.replace(r#""type": "matching""#, r#""type": "ranking""#),
        ] {
            assert!(!same_as_serde_json::<QuizFile>(&broken), "{broken}");
        }
        let matrix = r#"{"format": 1, "title": "M", "models": ["IaaS"], "layers": [
            {"name": "Data", "cells": {"IaaS": {"owner": "customer", "why": "yours"}}}]}"#;
        assert!(same_as_serde_json::<MatrixFile>(matrix));
        assert!(!same_as_serde_json::<MatrixFile>(&matrix.replace("customer", "tenant")));
    }

    #[test]
    fn errors_point_at_the_value() {
        let text = "{\"format\": 1,\n \"title\": 5}";
        let node = parse_str(text).unwrap_or_else(|e| panic!("{e}"));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Titled {
            format: u32,
            title: String,
        }
        let error = from_tree::<Titled>(&node, text.as_bytes()).err().map(|e| (e.pos, e.message.contains("string")));
        assert_eq!(error, Some((Some(Pos { line: 2, column: 11 }), true)));
    }
}
