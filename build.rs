//! Embeds every file under `scenarios/` into the binary, so `scimgate run` works from any
//! directory and from an installed binary. Each file is converted from YAML to JSON here,
//! because parsing JSON at start-up is several times faster than parsing YAML; a file that is
//! not valid YAML is embedded as it is, so the run reports it with its file and field path.

use std::path::Path;

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    println!("cargo:rerun-if-changed={}", dir.display());
    for p in entries {
        if p.is_dir() {
            walk(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            println!("cargo:rerun-if-changed={}", p.display());
            out.push((
                rel,
                p.canonicalize()
                    .unwrap_or(p.clone())
                    .to_string_lossy()
                    .into_owned(),
            ));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed=scenarios");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut code = String::from(
        "/// Scenario files embedded at build time: (path below scenarios/, YAML text, the same\n/// as JSON when it converted).\npub(crate) static EMBEDDED: &[(&str, &str, Option<&str>)] = &[\n",
    );
    for (rel, abs) in &files {
        let text = std::fs::read_to_string(abs).unwrap_or_default();
        let json = serde_saphyr::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok());
        code.push_str(&format!(
            "    ({rel:?}, include_str!({abs:?}), {json:?}),\n"
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("scenarios.rs");
    std::fs::write(out, code).expect("write scenarios.rs");
}
