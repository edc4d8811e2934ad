//! wasm-bindgen bindings of `spillproof-core`. Each method converts JS values in, calls
//! the core, and converts the result out; no logic lives here.
//!
//! The JS side never uses this module directly: `@spillproof/engine` (wasm/js) wraps it
//! once, handles traps and rebuilds the instance.

use serde::Serialize;
use spillproof_core::{Config, Input, InputKind, Scanner};
use wasm_bindgen::prelude::*;

/// A compiled scanner living in Wasm memory.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmScanner {
    scanner: Scanner,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // json_compatible: maps become plain objects and usize becomes a JS number.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
#[allow(clippy::panic, reason = "crash_for_testing panics on purpose")]
impl WasmScanner {
    /// Compiles the built-in rules plus `config` (a plain object, or undefined).
    /// Throws an `Error` whose message names the bad rule or field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WasmScanner, JsError> {
        let config: Config = if config.is_undefined() || config.is_null() {
            Config::default()
        } else {
            // Through serde_json::Value: serde-wasm-bindgen reads only the fields a struct
            // declares, which would silently ignore a misspelt option.
            let value: serde_json::Value = serde_wasm_bindgen::from_value(config)
                .map_err(|e| JsError::new(&format!("invalid config: {e}")))?;
            serde_json::from_value(value)
                .map_err(|e| JsError::new(&format!("invalid config: {e}")))?
        };
        let scanner =
            Scanner::new(config).map_err(|e| JsError::new(&format!("invalid config: {e}")))?;
        Ok(WasmScanner { scanner })
    }

    /// Scans one input. `kind` is optional (`js`, `html`, `css`, `json`, `source-map`,
    /// `text`, `binary`); without it the kind is detected from `origin` and content.
    /// `source_map` (optional) is the generated file's `.map`, to report original positions.
    pub fn scan(
        &self,
        origin: &str,
        bytes: &[u8],
        kind: Option<String>,
        source_map: Option<Vec<u8>>,
    ) -> Result<JsValue, JsError> {
        let mut input = Input::new(origin, bytes);
        if let Some(map) = &source_map {
            input = input.with_source_map(map);
        }
        if let Some(kind) = kind {
            let kind: InputKind = serde_wasm_bindgen::from_value(JsValue::from_str(&kind))
                .map_err(|_| JsError::new(&format!("unknown input kind `{kind}`")))?;
            input = input.with_kind(kind);
        }
        to_js(&self.scanner.scan(&input))
    }

    /// Panics inside Wasm, which traps the instance exactly as a real crash would; the
    /// JS wrapper's tests use it to prove that a trapped instance is replaced.
    #[wasm_bindgen(js_name = crashForTesting)]
    pub fn crash_for_testing(&self) {
        panic!("crash requested by a test");
    }

    /// The rules this scanner runs: id, family, provider, title, severity, verdict, …
    pub fn rules(&self) -> Result<JsValue, JsError> {
        let rules: Vec<_> = self.scanner.rules().collect();
        to_js(&rules)
    }
}

/// The core's version, so JS can check it loaded the module it expects.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
