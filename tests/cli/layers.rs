//! The architecture, checked from the source: each folder under `src/` is a
//! layer that imports only the layers below it, no two files import each
//! other (directly or round a loop), and no file grows much past 700 lines.
//!
//! A file's dependencies are the `crate::` and `super::` paths outside its
//! `#[cfg(test)]` module, resolved to the file that defines them. A path into
//! a file's own ancestors (a child using its folder's `mod.rs`) is not an
//! edge: the folder's `mod.rs` is the face of the module, not a peer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 7] = [
    "model",
    "rulebook",
    "engine",
    "plan",
    "output",
    "questionnaire",
    "cli",
];

/// A file over this many lines is a room that should be split.
const MAX_LINES: usize = 750;

type Module = Vec<String>;

struct Source {
    path: PathBuf,
    text: String,
}

fn sources() -> BTreeMap<Module, Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).expect("under src");
            let mut module: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            let text = fs::read_to_string(&path).expect("source is UTF-8");
            out.insert(module, Source { path, text });
        }
    }
    out
}

/// The text that is compiled outside tests: up to the first `#[cfg(test)]`
/// module, with line comments removed.
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed == "#[cfg(test)]"
            && lines.peek().is_some_and(|next| {
                let next = next.trim_start();
                next.starts_with("mod ") || next.starts_with("pub(crate) mod ")
            })
        {
            lines.next();
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") && trimmed.contains("mod ") {
            break;
        }
        let code = trimmed
            .find("//")
            .map_or(line, |i| &line[..line.len() - trimmed.len() + i]);
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path that starts with `prefix::`, with `{a, b::{c}}` groups expanded.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let needle = format!("{prefix}::");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(&needle) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + needle.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut chars = rest.chars().peekable();
        expand(&mut chars, &mut Vec::new(), &mut out);
    }
    out
}

fn expand(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    stem: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    let depth = stem.len();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            loop {
                expand(chars, stem, out);
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                match chars.next() {
                    Some(',') => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                        if chars.peek() == Some(&'}') {
                            chars.next();
                            break;
                        }
                    }
                    _ => break,
                }
            }
            stem.truncate(depth);
            return;
        }
        let mut segment = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_alphanumeric() || c == '_' {
                segment.push(c);
                chars.next();
            } else {
                break;
            }
        }
        if segment.is_empty() {
            break;
        }
        stem.push(segment);
        let mut look = chars.clone();
        if look.next() == Some(':') && look.next() == Some(':') {
            chars.next();
            chars.next();
        } else {
            break;
        }
    }
    if stem.len() > depth || depth > 0 {
        out.push(stem.clone());
    }
    stem.truncate(depth);
}

/// The file that defines `path`: the longest prefix that is a file's module.
fn resolve<'m>(path: &[String], modules: &'m BTreeSet<Module>) -> Option<&'m Module> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

fn layer(module: &Module) -> Option<usize> {
    LAYERS
        .iter()
        .position(|l| module.first().is_some_and(|m| m == l))
}

fn dependency_graph(sources: &BTreeMap<Module, Source>) -> BTreeMap<Module, BTreeSet<Module>> {
    let modules: BTreeSet<Module> = sources.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, source) in sources {
        let code = non_test_code(&source.text);
        let mut targets = paths_after(&code, "crate");
        let parent = &module[..module.len().saturating_sub(1)];
        for tail in paths_after(&code, "super") {
            let mut full = parent.to_vec();
            full.extend(tail);
            targets.push(full);
        }
        let edges: &mut BTreeSet<Module> = graph.entry(module.clone()).or_default();
        for target in targets {
            let Some(file) = resolve(&target, &modules) else {
                continue;
            };
            let ancestor = file.len() <= module.len() && module[..file.len()] == file[..];
            if !ancestor {
                edges.insert(file.clone());
            }
        }
    }
    graph
}

fn show(module: &Module) -> String {
    module.join("/")
}

#[test]
fn every_layer_imports_only_the_layers_below_it() {
    let sources = sources();
    let graph = dependency_graph(&sources);
    let mut upward = Vec::new();
    for (from, targets) in &graph {
        let Some(from_layer) = layer(from) else {
            continue;
        };
        for to in targets {
            if layer(to).is_none_or(|to_layer| to_layer > from_layer) {
                upward.push(format!("{} -> {}", show(from), show(to)));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports: {upward:#?}");
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges > 50, "the scan found only {edges} imports");
}

#[test]
fn no_file_imports_itself_round_a_loop() {
    let graph = dependency_graph(&sources());
    let mut state: BTreeMap<&Module, u8> = BTreeMap::new();
    let mut stack: Vec<&Module> = Vec::new();
    let mut cycles = Vec::new();
    fn visit<'g>(
        at: &'g Module,
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<&'g Module, u8>,
        stack: &mut Vec<&'g Module>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(at, 1);
        stack.push(at);
        for next in graph.get(at).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let start = stack.iter().position(|m| *m == next).unwrap_or(0);
                    let mut names: Vec<String> = stack[start..].iter().map(|m| show(m)).collect();
                    names.push(show(next));
                    cycles.push(names.join(" -> "));
                }
                Some(_) => {}
                None => visit(next, graph, state, stack, cycles),
            }
        }
        stack.pop();
        state.insert(at, 2);
    }
    for module in graph.keys() {
        if !state.contains_key(module) {
            visit(module, &graph, &mut state, &mut stack, &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn no_file_is_much_over_700_lines() {
    let long: Vec<String> = sources()
        .values()
        .filter(|s| s.text.lines().count() > MAX_LINES)
        .map(|s| format!("{} ({} lines)", s.path.display(), s.text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn the_scanner_expands_nested_use_groups() {
    let code = "use crate::{engine::Decision, model::{catalog::Catalog, urgency}};\n\
                let x = crate::plan::build(1); fn f() -> super::Thing {}";
    let crate_paths: Vec<String> = paths_after(code, "crate")
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        crate_paths,
        [
            "engine::Decision",
            "model::catalog::Catalog",
            "model::urgency",
            "plan::build"
        ]
    );
    let super_paths: Vec<String> = paths_after(code, "super")
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(super_paths, ["Thing"]);
}
