//! Where each key and value of a YAML document stands (line and column), so that every
//! error about a spec can name `file:line:col`. yaml_serde does not keep positions after
//! a successful parse; this walks yaml-rust2's marked event stream once instead.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type YamlPath = Vec<Seg>;

/// Renders a path the way users read it: `tables.catalogs.columns[2]`.
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Default)]
pub struct Positions {
    keys: HashMap<YamlPath, Pos>,
    values: HashMap<YamlPath, Pos>,
}

/// A YAML syntax error with its position.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl Positions {
    pub fn index(text: &str) -> Result<Positions, SyntaxError> {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        parser.load(&mut walker, false).map_err(|e| SyntaxError {
            pos: Pos { line: e.marker().line(), col: e.marker().col() + 1 },
            message: e.info().to_string(),
        })?;
        Ok(walker.positions)
    }

    /// Position of the key that introduces `path`, else of its value, else of the nearest
    /// ancestor that has one.
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.lookup(path, true)
    }

    /// Position of the value at `path` (falling back as `key` does).
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.lookup(path, false)
    }

    fn lookup(&self, path: &[Seg], key_first: bool) -> Pos {
        let mut p = path.to_vec();
        loop {
            let (a, b) = if key_first { (&self.keys, &self.values) } else { (&self.values, &self.keys) };
            if let Some(pos) = a.get(&p).or_else(|| b.get(&p)) {
                return *pos;
            }
            if p.pop().is_none() {
                return Pos { line: 1, col: 1 };
            }
        }
    }
}

enum Frame {
    Map { path: YamlPath, key: Option<String> },
    Seq { path: YamlPath, next: usize },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: Positions,
}

impl Walker {
    /// The path of a value node starting now; advances the parent's cursor.
    fn value_path(&mut self) -> YamlPath {
        match self.stack.last_mut() {
            None => Vec::new(),
            Some(Frame::Map { path, key }) => {
                let mut p = path.clone();
                p.push(Seg::Key(key.take().unwrap_or_default()));
                p
            }
            Some(Frame::Seq { path, next }) => {
                let mut p = path.clone();
                p.push(Seg::Index(*next));
                *next += 1;
                p
            }
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos { line: mark.line(), col: mark.col() + 1 };
        match ev {
            Event::Scalar(text, ..) => {
                if self.expecting_key() {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let mut p = path.clone();
                        p.push(Seg::Key(text.clone()));
                        self.positions.keys.insert(p, pos);
                        *key = Some(text);
                    }
                } else {
                    let p = self.value_path();
                    self.positions.values.insert(p, pos);
                }
            }
            Event::Alias(_) => {
                if self.expecting_key() {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(String::new());
                    }
                } else {
                    self.value_path();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                if self.expecting_key() {
                    // A complex key: not addressable by path; give it an empty name.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(String::new());
                    }
                }
                let p = self.value_path();
                self.positions.values.insert(p.clone(), pos);
                self.stack.push(if is_map {
                    Frame::Map { path: p, key: None }
                } else {
                    Frame::Seq { path: p, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn finds_keys_and_values() {
        let text = "version: 1\ntables:\n  a:\n    columns:\n      id: { type: uuid }\n    indexes:\n      - { columns: [id] }\n";
        let p = Positions::index(text).unwrap();
        assert_eq!(p.key(&[k("tables"), k("a")]), Pos { line: 3, col: 3 });
        assert_eq!(p.value(&[k("tables"), k("a"), k("columns"), k("id"), k("type")]), Pos { line: 5, col: 19 });
        assert_eq!(
            p.value(&[k("tables"), k("a"), k("indexes"), Seg::Index(0), k("columns"), Seg::Index(0)]),
            Pos { line: 7, col: 21 }
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(p.key(&[k("tables"), k("a"), k("nope")]), Pos { line: 3, col: 3 });
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = Positions::index("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
        assert!(!err.message.is_empty());
    }
}
